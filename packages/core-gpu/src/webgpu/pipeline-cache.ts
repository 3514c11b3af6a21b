/**
 * Compiled compute pipelines keyed by what their shader depends on (`programKey`), never by data.
 * Bind group layouts are explicit: `layout: "auto"` drops bindings the shader does not use, and
 * then a bind group naming them fails validation.
 */
import { GpuError } from "./errors.ts";
import { programKey, shaderSource, type ProgramInfo } from "./program.ts";

export interface CachedPipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

export class PipelineCache {
  private readonly entries = new Map<string, Promise<CachedPipeline>>();
  /** Pipelines compiled over the cache's life (for tests and stats). */
  compiled = 0;

  constructor(private readonly device: GPUDevice) {}

  /**
   * The pipeline for a program, compiling it on first use. A shader that fails to compile
   * rejects with a GpuError naming the kernel and is not cached.
   * @example
   * const { pipeline, layout } = await cache.get(program);
   */
  get(p: ProgramInfo): Promise<CachedPipeline> {
    const key = programKey(p);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.compile(p);
      this.entries.set(key, entry);
      entry.catch(() => this.entries.delete(key));
    }
    return entry;
  }

  /** Number of distinct pipelines held. */
  get size(): number {
    return this.entries.size;
  }

  private async compile(p: ProgramInfo): Promise<CachedPipeline> {
    this.device.pushErrorScope("validation");
    const layout = this.device.createBindGroupLayout({ label: p.name, entries: layoutEntries(p) });
    const module = this.device.createShaderModule({ label: p.name, code: shaderSource(p) });
    const layoutError = await this.device.popErrorScope();
    if (layoutError) throw new GpuError(p.name, "validation", layoutError.message);
    try {
      const pipeline = await this.device.createComputePipelineAsync({
        label: p.name,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: "main" },
      });
      this.compiled++;
      return { pipeline, layout };
    } catch (e) {
      const info = await module.getCompilationInfo().catch(() => undefined);
      const messages = info?.messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join("; ");
      throw new GpuError(p.name, "validation", messages || (e instanceof Error ? e.message : String(e)), { cause: e });
    }
  }
}

/**
 * The bind group layout of a program: its storage bindings in order, then the uniform block.
 * @example
 * device.createBindGroupLayout({ label: p.name, entries: layoutEntries(p) });
 */
export function layoutEntries(p: ProgramInfo): GPUBindGroupLayoutEntry[] {
  const entries: GPUBindGroupLayoutEntry[] = p.bindings.map((b, i) => ({
    binding: i,
    visibility: GPUShaderStage.COMPUTE,
    buffer: { type: b.access === "read" ? "read-only-storage" : "storage" },
  }));
  if (p.uniforms.length > 0) entries.push({ binding: p.bindings.length, visibility: GPUShaderStage.COMPUTE, buffer: { type: "uniform" } });
  return entries;
}
