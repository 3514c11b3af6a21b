/**
 * The GPU runtime one backend owns: device, buffer pool, pipeline cache, the limits kernels plan
 * their chunks by, and the serialisation of calls into "ops" whose GPU errors become GpuErrors
 * naming the kernel.
 */
import { describeAdapter, isSoftwareAdapter, type AdapterSummary } from "./adapter.ts";
import { BufferPool } from "./buffer-pool.ts";
import { acquireDevice } from "./device.ts";
import { GpuError, gpuErrorKind } from "./errors.ts";
import { OpContext } from "./op-context.ts";
import type { OpRuntime, RuntimeOptions } from "./op-runtime.ts";
import { PipelineCache } from "./pipeline-cache.ts";
import { HARDWARE_THROUGHPUT, SOFTWARE_THROUGHPUT, type Throughput } from "./settle.ts";

export type { RuntimeOptions };

export class GpuRuntime implements OpRuntime {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  /** Largest storage binding (bytes) any kernel may use; a multiple of 16. */
  readonly maxBinding: number;
  readonly maxWorkgroupsPerDim: number;
  /**
   * Elements (4-byte) a chunk of work may have: one binding's worth, and no more threads than
   * one dispatch of a 64-wide linear kernel can hold (maxWorkgroupsPerDim² workgroups).
   */
  readonly maxElems: number;
  /** Subgroup size the subgroup kernels are generated for; 0 when they must not be used. */
  readonly subgroupSize: number;
  /**
   * Subgroup size for the subgroup matmul, 0 for the tiled one. Only software adapters get it:
   * its 256 accumulators per lane suit llvmpipe's SIMD-over-invocations, while a GPU's register
   * file would spill them.
   */
  readonly matmulSubgroupSize: number;
  /** True on a software adapter (lavapipe, SwiftShader, a fallback adapter). */
  readonly software: boolean;
  readonly throughput: Throughput;
  readonly description: string;
  private lostInfo: GPUDeviceLostInfo | undefined;
  private uncaptured: GpuError | undefined;
  private currentKernel = "runtime";
  private tail: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterSummary,
    subgroups: boolean,
    readonly options: RuntimeOptions,
  ) {
    const limits = device.limits;
    const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, options.maxBindingBytes ?? Infinity);
    this.maxBinding = Math.max(16, Math.floor(binding / 16) * 16);
    this.maxWorkgroupsPerDim = Math.min(limits.maxComputeWorkgroupsPerDimension, options.maxWorkgroupsPerDim ?? Infinity);
    this.maxElems = Math.min(this.maxBinding / 4, this.maxWorkgroupsPerDim ** 2 * 64);
    // Subgroup kernels bake the subgroup size in, so they need an adapter whose size is fixed.
    const fixed = adapter.subgroupMinSize > 0 && adapter.subgroupMinSize === adapter.subgroupMaxSize;
    this.subgroupSize = subgroups && fixed && options.subgroups !== false ? adapter.subgroupMinSize : 0;
    this.software = isSoftwareAdapter(adapter);
    this.matmulSubgroupSize = this.software ? this.subgroupSize : 0;
    this.throughput = this.software ? SOFTWARE_THROUGHPUT : HARDWARE_THROUGHPUT;
    this.description = describeAdapter(adapter);
    this.pool = new BufferPool(device, limits.maxBufferSize);
    this.pipelines = new PipelineCache(device);
    device.lost.then((info) => { this.lostInfo = info; }, () => {});
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      this.uncaptured ??= new GpuError(this.currentKernel, gpuErrorKind(ev.error), ev.error.message);
    };
  }

  /**
   * Acquires a device (maximum limits, subgroups when present) and wraps it.
   * @example
   * const rt = await GpuRuntime.create({ poisonOutputs: true });
   */
  static async create(options: RuntimeOptions = {}): Promise<GpuRuntime> {
    const { device, adapter, subgroups } = await acquireDevice(options.signal);
    return new GpuRuntime(device, adapter, subgroups, options);
  }

  /**
   * Runs `body` as one serialised call named `kernel`: GPU errors raised inside it (error scopes),
   * device loss, and uncaptured errors surface as a GpuError naming the kernel; every pooled
   * buffer it acquired goes back to the pool afterwards. `signal` cancels this call alone: it is
   * checked when the call starts and at every `ctx.checkpoint()` (between GPU submissions), and
   * the call rejects with its reason, leaving the runtime usable.
   * @example
   * const out = await rt.op("gather", async (ctx) => { ... });
   * const nb = await rt.op("swing", async (ctx) => { ... }, controller.signal);
   */
  op<T>(kernel: string, body: (ctx: OpContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = this.tail.then(() => this.runOp(kernel, body, signal));
    this.tail = run.catch(() => {});
    return run;
  }

  /** Throws the error that stops any call from starting or continuing now. */
  checkUsable(kernel: string): void {
    if (this.disposed) throw new GpuError(kernel, "disposed", "the backend was disposed");
    if (this.lostInfo) throw new GpuError(kernel, "device-lost", `${this.lostInfo.reason}: ${this.lostInfo.message}`);
    this.options.signal?.throwIfAborted();
    this.throwUncaptured();
  }

  /** Throws (once) an error the device raised outside any error scope. */
  private throwUncaptured(): void {
    const pending = this.uncaptured;
    if (pending) {
      this.uncaptured = undefined;
      throw pending;
    }
  }

  private async runOp<T>(kernel: string, body: (ctx: OpContext) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    this.checkUsable(kernel);
    signal?.throwIfAborted();
    this.currentKernel = kernel;
    const device = this.device;
    device.pushErrorScope("internal");
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("validation");
    const ctx = new OpContext(this, kernel, signal);
    let result: T | undefined;
    let failure: unknown;
    try {
      result = await body(ctx);
    } catch (e) {
      failure = e;
    } finally {
      ctx.releaseAll();
    }
    const scoped: Array<GPUError | null> = [];
    for (let i = 0; i < 3; i++) scoped.push(await device.popErrorScope().catch(() => null));
    this.currentKernel = "runtime";
    const gpuError = scoped.find((e) => e !== null);
    // A cancelled call stopped between submissions: nothing went wrong on the device.
    if (!gpuError && signal?.aborted && failure === signal.reason) throw failure;
    if (gpuError || failure !== undefined) {
      // A failure is often the echo of a device loss whose lost promise has not settled yet
      // (a rejected mapAsync, an invalid pipeline): give it a moment to, then blame the loss.
      if (!this.lostInfo && !this.disposed) await Promise.race([device.lost, new Promise((r) => setTimeout(r, 20))]);
      if (this.lostInfo || this.disposed) throw this.explain(kernel, failure ?? gpuError);
      if (gpuError) throw new GpuError(kernel, gpuErrorKind(gpuError), gpuError.message);
      throw failure;
    }
    // The results were read back intact: a loss after that is the next call's problem.
    this.throwUncaptured();
    return result as T;
  }

  /** The error for a call that failed because the device is gone (lost or disposed). */
  private explain(kernel: string, cause: unknown): GpuError {
    if (this.disposed) return new GpuError(kernel, "disposed", "the backend was disposed", { cause });
    const info = this.lostInfo;
    return new GpuError(kernel, "device-lost", info ? `${info.reason}: ${info.message}` : "the device was lost", { cause });
  }

  /**
   * Waits for calls in flight, then frees the pool and destroys the device. Later calls reject
   * with a GpuError of kind "disposed". Idempotent.
   * @example
   * await rt.dispose();
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.tail;
    if (this.disposed) return;
    this.disposed = true;
    this.pool.clear();
    this.device.onuncapturederror = null;
    this.device.destroy();
  }

  /** True once dispose() has run. */
  get isDisposed(): boolean {
    return this.disposed;
  }
}
