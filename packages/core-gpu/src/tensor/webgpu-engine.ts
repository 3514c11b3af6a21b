/**
 * The WebGPU tensor engine: tensors are pooled GPUBuffers that stay on the device; kernels record
 * dispatches into one command encoder that is submitted every `flushEvery` dispatches and before
 * every read, so a training step costs a handful of submissions and no host round trip.
 *
 * Buffer reuse is safe without waiting for the GPU: a disposed tensor's buffer goes back to the
 * pool only after the commands recorded so far are submitted, so a later `writeBuffer` (an
 * upload, which runs on the queue before any not-yet-submitted command) never overwrites data
 * an earlier command still has to read; dispatches themselves execute in recording order.
 */
import { shaderSource, packUniforms, type ProgramInfo } from "../webgpu/program.ts";
import { GpuRuntime, type RuntimeOptions } from "../webgpu/runtime.ts";
import { gridFor } from "../webgpu/dispatch-grid.ts";
import { layoutEntries } from "../webgpu/pipeline-cache.ts";
import { POISON_BITS, sizeOf, Tensor, type DType, type HostData, type TensorEngine } from "./tensor.ts";

/** A byte range of a GPU buffer that a kernel binds. */
export interface GpuSlice {
  buffer: GPUBuffer;
  /** Byte offset (a multiple of the device's storage offset alignment, 256). */
  offset: number;
  bytes: number;
}

export interface WebGpuEngineOptions {
  /** Dispatches recorded per command buffer before it is submitted (default 16). */
  flushEvery?: number;
  /** Fill new tensors with NaN bits so unwritten elements show (tests). */
  poison?: boolean;
}

const USAGE_STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class WebGpuEngine implements TensorEngine {
  readonly kind = "webgpu" as const;
  readonly description: string;
  readonly flushEvery: number;
  readonly poison: boolean;
  /** Submissions so far (tests and the flush benchmark read it). */
  submissions = 0;
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private recorded = 0;
  private deferred: GPUBuffer[] = [];
  private doomed: GPUBuffer[] = [];
  private readonly pipelines = new Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>();
  private readonly uniforms = new Map<string, GPUBuffer>();

  constructor(
    readonly rt: GpuRuntime,
    opts: WebGpuEngineOptions = {},
    private readonly ownsRuntime = false,
  ) {
    this.flushEvery = Math.max(1, opts.flushEvery ?? 16);
    this.poison = opts.poison ?? rt.options.poisonOutputs ?? false;
    this.description = rt.description;
  }

  get device(): GPUDevice {
    return this.rt.device;
  }

  /** Largest byte range one binding may cover (kernels split larger tensors). */
  get maxBindingBytes(): number {
    return this.rt.maxBinding;
  }

  empty(shape: readonly number[], dtype: DType = "f32"): Tensor {
    const bytes = 4 * sizeOf(shape);
    const buffer = this.acquire(bytes);
    if (this.poison && bytes > 0) this.device.queue.writeBuffer(buffer, 0, new Uint32Array(bytes / 4).fill(POISON_BITS));
    return new Tensor(this, shape, dtype, { buffer, offset: 0, bytes } satisfies GpuSlice);
  }

  zeros(shape: readonly number[], dtype: DType = "f32"): Tensor {
    const bytes = 4 * sizeOf(shape);
    const buffer = this.acquire(bytes);
    if (bytes > 0) {
      this.endPass();
      this.encoderNow().clearBuffer(buffer, 0, bytes);
    }
    return new Tensor(this, shape, dtype, { buffer, offset: 0, bytes } satisfies GpuSlice);
  }

  fromHost(data: HostData | Float64Array | readonly number[], shape: readonly number[], dtype: DType = data instanceof Int32Array ? "i32" : "f32"): Tensor {
    const n = sizeOf(shape);
    if (data.length !== n) throw new RangeError(`fromHost: ${data.length} values for shape [${shape}] (${n} elements)`);
    const host = dtype === "i32" ? (data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>)) : data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    const buffer = this.acquire(4 * n);
    if (n > 0) this.device.queue.writeBuffer(buffer, 0, host.buffer, host.byteOffset, host.byteLength);
    return new Tensor(this, shape, dtype, { buffer, offset: 0, bytes: 4 * n } satisfies GpuSlice);
  }

  /** The buffer range holding a tensor. */
  slice(t: Tensor): GpuSlice {
    t.assertLive("webgpu");
    return t.storage as GpuSlice;
  }

  write(t: Tensor, data: HostData): void {
    if (data.length !== t.size) throw new RangeError(`write: ${data.length} values for ${t} (${t.size} elements)`);
    const s = this.slice(t);
    // Recorded commands may still read the old values: submit them before the queue write.
    this.flush();
    if (s.bytes > 0) this.device.queue.writeBuffer(s.buffer, s.offset, data.buffer, data.byteOffset, data.byteLength);
  }

  async read(t: Tensor): Promise<HostData> {
    const src = this.slice(t);
    const out = t.dtype === "i32" ? new Int32Array(t.size) : new Float32Array(t.size);
    if (src.bytes === 0) return out;
    this.flush();
    this.rt.checkUsable("read");
    const staging = this.rt.pool.acquire(Math.max(16, src.bytes), GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const encoder = this.device.createCommandEncoder({ label: "read" });
    encoder.copyBufferToBuffer(src.buffer, src.offset, staging, 0, src.bytes);
    this.device.queue.submit([encoder.finish()]);
    this.submissions++;
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, src.bytes);
    } catch (e) {
      this.rt.checkUsable("read");
      throw e;
    }
    new Uint8Array(out.buffer).set(new Uint8Array(staging.getMappedRange(0, src.bytes)));
    staging.unmap();
    this.rt.pool.release(staging);
    this.rt.checkUsable("read");
    return out;
  }

  release(t: Tensor): void {
    const { buffer } = t.storage as GpuSlice;
    if (this.rt.isDisposed) return;
    if (this.encoder) this.deferred.push(buffer);
    else this.rt.pool.release(buffer);
  }

  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.rt.checkUsable("sync");
  }

  /**
   * Records one dispatch of `program` with `slices` bound in declaration order and `uniforms` in
   * its uniform block; `workgroups` is the number of workgroups (laid out by gridFor).
   * @example
   * engine.dispatch(program, [engine.slice(x), engine.slice(y)], [n], Math.ceil(n / 64));
   */
  dispatch(program: ProgramInfo, slices: readonly GpuSlice[], uniforms: readonly number[], workgroups: number): void {
    if (workgroups === 0) return;
    this.dispatchGrid(program, slices, uniforms, gridFor(workgroups, this.rt.maxWorkgroupsPerDim));
  }

  /**
   * Records one dispatch with an explicit [x, y, z] workgroup grid, for programs that index
   * their grid themselves (matmul: column tiles, row tiles, batch). Nothing is recorded when a
   * dimension is 0; a dimension above the device limit throws a RangeError.
   * @example
   * engine.dispatchGrid(program, [a, b, bias, c], matmulUniforms(m, n, k, flags), [Math.ceil(n / 64), Math.ceil(m / 32), 1]);
   */
  dispatchGrid(program: ProgramInfo, slices: readonly GpuSlice[], uniforms: readonly number[], grid: readonly [number, number, number]): void {
    if (grid.some((d) => d === 0)) return;
    const limit = this.rt.maxWorkgroupsPerDim;
    if (grid.some((d) => d > limit)) throw new RangeError(`${program.name}: grid [${grid.join(", ")}] exceeds the device's ${limit} workgroups per dimension`);
    if (slices.length !== program.bindings.length) throw new Error(`${program.name}: found ${slices.length} buffers, expected ${program.bindings.length}`);
    const { pipeline, layout } = this.pipeline(program);
    const entries: GPUBindGroupEntry[] = slices.map((s, i) => {
      if (s.bytes > this.rt.maxBinding) throw new RangeError(`${program.name}: binding ${program.bindings[i]!.name} of ${s.bytes} bytes exceeds the device's ${this.rt.maxBinding}-byte limit`);
      return { binding: i, resource: { buffer: s.buffer, offset: s.offset, size: Math.max(4, Math.ceil(s.bytes / 4) * 4) } };
    });
    if (program.uniforms.length > 0) entries.push({ binding: slices.length, resource: { buffer: this.uniformBuffer(program, uniforms) } });
    const bindGroup = this.device.createBindGroup({ label: program.name, layout, entries });
    const pass = this.passNow();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    if (++this.recorded >= this.flushEvery) this.flush();
  }

  /** Records a buffer-to-buffer copy in order with the dispatches. */
  copy(src: GpuSlice, dst: GpuSlice, bytes = src.bytes): void {
    if (bytes === 0) return;
    this.endPass();
    this.encoderNow().copyBufferToBuffer(src.buffer, src.offset, dst.buffer, dst.offset, bytes);
  }

  /** Records zeroing of a buffer range. */
  clear(s: GpuSlice): void {
    if (s.bytes === 0) return;
    this.endPass();
    this.encoderNow().clearBuffer(s.buffer, s.offset, s.bytes);
  }

  /** Submits what is recorded; buffers disposed meanwhile return to the pool. */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    this.device.queue.submit([this.encoder.finish()]);
    this.submissions++;
    this.encoder = undefined;
    this.recorded = 0;
    for (const b of this.deferred) this.rt.pool.release(b);
    this.deferred = [];
    for (const b of this.doomed) b.destroy();
    this.doomed = [];
  }

  async dispose(): Promise<void> {
    if (this.rt.isDisposed) return;
    this.flush();
    for (const b of this.uniforms.values()) b.destroy();
    this.uniforms.clear();
    if (this.ownsRuntime) await this.rt.dispose();
  }

  private acquire(bytes: number): GPUBuffer {
    this.rt.checkUsable("tensor");
    return this.rt.pool.acquire(Math.max(16, Math.ceil(bytes / 4) * 4), USAGE_STORAGE());
  }

  private encoderNow(): GPUCommandEncoder {
    this.rt.checkUsable("record");
    return (this.encoder ??= this.device.createCommandEncoder({ label: "tensor ops" }));
  }

  private passNow(): GPUComputePassEncoder {
    return (this.pass ??= this.encoderNow().beginComputePass());
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = undefined;
  }

  private pipeline(p: ProgramInfo) {
    const key = `${p.name}|${p.cacheKey}`;
    let entry = this.pipelines.get(key);
    if (!entry) {
      const layout = this.device.createBindGroupLayout({ label: p.name, entries: layoutEntries(p) });
      const module = this.device.createShaderModule({ label: p.name, code: shaderSource(p) });
      const pipeline = this.device.createComputePipeline({
        label: p.name,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: "main" },
      });
      this.pipelines.set(key, (entry = { pipeline, layout }));
    }
    return entry;
  }

  /** Uniform blocks are cached by content: a step repeats the same shapes, so none is rewritten. */
  private uniformBuffer(p: ProgramInfo, values: readonly number[]): GPUBuffer {
    const bytes = packUniforms(p.uniforms, values);
    const key = Buffer.from(bytes).toString("base64");
    let buffer = this.uniforms.get(key);
    if (!buffer) {
      if (this.uniforms.size >= MAX_UNIFORM_BLOCKS) {
        const [oldestKey, oldest] = this.uniforms.entries().next().value!;
        this.uniforms.delete(oldestKey);
        if (this.encoder) this.doomed.push(oldest); // may be bound by a recorded dispatch: destroyed after submit
        else oldest.destroy();
      }
      buffer = this.device.createBuffer({ size: bytes.byteLength, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true });
      new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(bytes));
      buffer.unmap();
      this.uniforms.set(key, buffer);
    } else {
      // most recently used last
      this.uniforms.delete(key);
      this.uniforms.set(key, buffer);
    }
    return buffer;
  }
}

const MAX_UNIFORM_BLOCKS = 4096;

/**
 * A WebGPU tensor engine on its own device.
 * @example
 * const gpu = await createWebGpuEngine({ poison: true });
 * const x = gpu.fromHost(new Float32Array([1, 2]), [2]);
 * await gpu.dispose();
 */
export async function createWebGpuEngine(opts: WebGpuEngineOptions & RuntimeOptions = {}): Promise<WebGpuEngine> {
  const rt = await GpuRuntime.create({ ...opts, poisonOutputs: opts.poison ?? opts.poisonOutputs });
  return new WebGpuEngine(rt, opts, true);
}
