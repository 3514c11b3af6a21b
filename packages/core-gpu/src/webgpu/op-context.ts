/**
 * What a kernel call does with the GPU: upload inputs into pooled buffers, run programs, read
 * results back. Every buffer it acquires returns to the pool when the call ends.
 *
 * Each `run` is its own queue submission. Queue operations (writeBuffer, submit, copies) execute
 * in order, so a buffer released after one dispatch can be rewritten for the next without
 * waiting for the GPU.
 */
import { GpuError } from "./errors.ts";
import { placeBlock } from "./host-blocks.ts";
import { packUniforms, type ProgramInfo } from "./program.ts";
import type { OpRuntime } from "./op-runtime.ts";
import { sleepForWork, type Work } from "./settle.ts";

/** A pooled buffer and the bytes of it a kernel uses (what gets bound). */
export interface Slice {
  buffer: GPUBuffer;
  bytes: number;
}

/** NaN bits (also an impossible id as i32) written into outputs when poisoning is on. */
export const POISON_BITS = 0x7fc0dead;

const STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class OpContext {
  private readonly held = new Set<GPUBuffer>();
  private pending: { flops: number; bytes: number } = { flops: 0, bytes: 0 };

  constructor(
    readonly rt: OpRuntime,
    readonly kernel: string,
    /** Cancels this call alone (the runtime's own signal cancels every call). */
    readonly signal?: AbortSignal,
  ) {}

  /** The device of this call. */
  get device(): GPUDevice {
    return this.rt.device;
  }

  /**
   * Throws when the call must stop (the runtime's or this call's signal aborted, device lost,
   * disposed, uncaptured error); long kernels call it between blocks.
   * @example
   * for (const block of blocks) { ctx.checkpoint(); ... }
   */
  checkpoint(): void {
    this.rt.checkUsable(this.kernel);
    this.signal?.throwIfAborted();
  }

  /**
   * A storage buffer holding `data` (typed array of 4-byte elements).
   * @example
   * const ids = ctx.upload(new Int32Array([1, 2]));
   */
  upload(data: Float32Array | Int32Array | Uint32Array): Slice {
    const s = this.acquire(data.byteLength, STORAGE());
    if (data.byteLength > 0) this.device.queue.writeBuffer(s.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return s;
  }

  /**
   * A storage buffer of `bytes` with unspecified contents (a kernel fully overwrites it).
   * @example
   * const tmp = ctx.scratch(4 * n);
   */
  scratch(bytes: number): Slice {
    return this.acquire(bytes, STORAGE());
  }

  /**
   * A storage buffer a kernel writes results into; poisoned first when the runtime says so.
   * @example
   * const out = ctx.output(4 * rows * k);
   */
  output(bytes: number): Slice {
    const s = this.scratch(bytes);
    if (this.rt.options.poisonOutputs && bytes > 0) {
      this.device.queue.writeBuffer(s.buffer, 0, new Uint32Array(Math.ceil(bytes / 4)).fill(POISON_BITS));
    }
    return s;
  }

  /**
   * A storage buffer of `bytes` zeroed on the queue (for accumulators).
   * @example
   * const acc = ctx.zeros(4 * n);
   */
  zeros(bytes: number): Slice {
    const s = this.scratch(bytes);
    this.clear(s);
    return s;
  }

  /** Zeroes a slice on the queue, in order with the dispatches around it. */
  clear(s: Slice): void {
    if (s.bytes === 0) return;
    const encoder = this.device.createCommandEncoder();
    encoder.clearBuffer(s.buffer, 0, align4(s.bytes));
    this.device.queue.submit([encoder.finish()]);
  }

  /**
   * Dispatches `program` over `grid` workgroups with `slices` bound in declaration order and
   * `uniforms` in the program's uniform block. `work` feeds the readback wait estimate.
   * @example
   * await ctx.run(program, [table, ids, out], [n, dim], gridFor(groups, ctx.rt.maxWorkgroupsPerDim));
   */
  async run(program: ProgramInfo, slices: readonly Slice[], uniforms: readonly number[], grid: readonly [number, number, number], work: Work = {}): Promise<void> {
    if (slices.length !== program.bindings.length) {
      throw new Error(`${program.name}: found ${slices.length} buffers, expected ${program.bindings.length}`);
    }
    for (const s of slices) {
      if (s.bytes > this.rt.maxBinding) {
        throw new GpuError(program.name, "internal", `binding of ${s.bytes} bytes exceeds the ${this.rt.maxBinding}-byte limit (a chunking bug)`);
      }
    }
    if (grid[0] * grid[1] * grid[2] === 0) return;
    const { pipeline, layout } = await this.rt.pipelines.get(program);
    this.checkpoint();
    const entries: GPUBindGroupEntry[] = slices.map((s, i) => ({
      binding: i,
      resource: { buffer: s.buffer, size: Math.min(s.buffer.size, Math.max(16, align4(s.bytes))) },
    }));
    if (program.uniforms.length > 0) {
      const bytes = packUniforms(program.uniforms, uniforms);
      const ub = this.acquire(bytes.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      this.device.queue.writeBuffer(ub.buffer, 0, bytes);
      entries.push({ binding: slices.length, resource: { buffer: ub.buffer, size: bytes.byteLength } });
    }
    const encoder = this.device.createCommandEncoder({ label: program.name });
    const pass = encoder.beginComputePass({ label: program.name });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, this.device.createBindGroup({ label: program.name, layout, entries }));
    pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
    this.pending.flops += work.flops ?? 0;
    this.pending.bytes += work.bytes ?? 0;
  }

  /**
   * Copies `bytes` of a slice (from byte `offset`) back to the host, after all submitted work.
   * Sleeps on a timer for the expected GPU time first (see settle.ts).
   * @example
   * const out = new Float32Array(await ctx.read(outSlice));
   */
  read(src: Slice, bytes = src.bytes, offset = 0): Promise<ArrayBuffer> {
    if (bytes === 0) return Promise.resolve(new ArrayBuffer(0));
    return this.withMapped(src, bytes, offset, (range) => range.slice(0, bytes));
  }

  /**
   * Reads a slice holding a (r1−r0)-row block of f32 and writes it into rows [r0, r1), columns
   * [c0, …) of the row-major matrix `dst` (width `cols`, from `base`), copying straight out of
   * the mapped range.
   * @example
   * await ctx.readBlock(outSlice, out, 0, dim, rows.start, rows.end, 0);
   */
  async readBlock(src: Slice, dst: Float32Array, base: number, cols: number, r0: number, r1: number, c0: number): Promise<void> {
    if (src.bytes === 0) return;
    await this.withMapped(src, src.bytes, 0, (range) => placeBlock(dst, base, cols, r0, r1, c0, new Float32Array(range, 0, src.bytes / 4)));
  }

  /** Copies a slice into a staging buffer, maps it, and hands the mapped range to `use`. */
  private async withMapped<T>(src: Slice, bytes: number, offset: number, use: (range: ArrayBuffer) => T): Promise<T> {
    const size = align4(bytes);
    const staging = this.acquire(size, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(src.buffer, offset, staging.buffer, 0, size);
    this.device.queue.submit([encoder.finish()]);
    const mapped = staging.buffer.mapAsync(GPUMapMode.READ, 0, size);
    // Handled at once: destroy() while this is pending rejects it with AbortError, and an
    // unhandled rejection would fail whatever test runs next.
    mapped.catch(() => {});
    const work = this.pending;
    this.pending = { flops: 0, bytes: 0 };
    await sleepForWork({ flops: work.flops, bytes: work.bytes + size }, this.rt.throughput);
    try {
      await mapped;
    } catch (e) {
      const kind = this.rt.isDisposed ? "disposed" : "device-lost";
      throw new GpuError(this.kernel, kind, `readback failed: ${e instanceof Error ? `${e.name} ${e.message}` : String(e)}`, { cause: e });
    }
    try {
      return use(staging.buffer.getMappedRange(0, size));
    } finally {
      staging.buffer.unmap();
    }
  }

  /**
   * Gives a buffer back to the pool before the call ends (large multi-block kernels).
   * @example
   * ctx.release(blockScores);
   */
  release(s: Slice): void {
    if (this.held.delete(s.buffer)) this.rt.pool.release(s.buffer);
  }

  /** Returns every buffer still held to the pool (the runtime calls this when the op ends). */
  releaseAll(): void {
    for (const b of this.held) {
      if (b.mapState !== "unmapped") continue; // a failed readback: let the device reclaim it
      this.rt.pool.release(b);
    }
    this.held.clear();
  }

  private acquire(bytes: number, usage: GPUBufferUsageFlags): Slice {
    const buffer = this.rt.pool.acquire(Math.max(16, align4(bytes)), usage);
    this.held.add(buffer);
    return { buffer, bytes };
  }
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
