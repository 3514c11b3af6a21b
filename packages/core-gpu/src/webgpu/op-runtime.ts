/**
 * What a kernel call (`OpContext`) needs from the runtime that runs it: the device, the buffer
 * pool, the pipeline cache, the limits chunks are planned by, and the check that the call may go
 * on. `GpuRuntime` implements it; the call sees only this, so op-context.ts and runtime.ts do not
 * import each other.
 */
import type { BufferPool } from "./buffer-pool.ts";
import type { PipelineCache } from "./pipeline-cache.ts";
import type { Throughput } from "./settle.ts";

export interface RuntimeOptions {
  /** Aborting rejects device acquisition and every later call (between GPU submissions). */
  signal?: AbortSignal;
  /** Lowers the per-binding byte limit below the adapter's (tests use it to force splitting). */
  maxBindingBytes?: number;
  /** Lowers the workgroups-per-dimension limit below the adapter's (same purpose). */
  maxWorkgroupsPerDim?: number;
  /** Fills every output buffer with NaN bits before kernels run, so unwritten elements show. */
  poisonOutputs?: boolean;
  /** Use subgroup kernels where the device has subgroups (default true). */
  subgroups?: boolean;
}

/** The runtime as a kernel call sees it (see GpuRuntime for what each member means). */
export interface OpRuntime {
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  readonly options: RuntimeOptions;
  readonly maxBinding: number;
  readonly maxWorkgroupsPerDim: number;
  readonly maxElems: number;
  readonly subgroupSize: number;
  readonly matmulSubgroupSize: number;
  readonly throughput: Throughput;
  readonly isDisposed: boolean;
  /** Throws the error that stops any call from starting or continuing now. */
  checkUsable(kernel: string): void;
}
