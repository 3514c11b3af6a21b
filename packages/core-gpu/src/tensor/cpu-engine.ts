/**
 * The CPU tensor engines. "cpu" stores tensors as Float32Array / Int32Array and runs the fast
 * kernels (OpenBLAS sgemm through bun:ffi where the system has it, typed-array loops otherwise);
 * "reference" runs the plain-TypeScript reference kernels, in f64 when asked (`precision:
 * "f64"`, for finite-difference gradient checks). Kernels run eagerly and synchronously, so
 * `read()` never waits; storage is recycled through a small pool so a training step's
 * temporaries do not churn the garbage collector.
 */
import { availableParallelism } from "node:os";
import { nativeKernels, nativeUnavailable, type NativeKernels } from "../cpu/native/index.ts";
import { loadOpenBlas, type OpenBlas } from "../cpu/openblas.ts";
import { POISON_BITS, sizeOf, Tensor, type DType, type HostData, type TensorEngine } from "./tensor.ts";

export type CpuStorage = Float32Array | Int32Array | Float64Array;

export interface CpuEngineOptions {
  /** Threads for OpenBLAS (default: the machine's cores). */
  threads?: number;
  /** "auto" (default): OpenBLAS where it loads and SHORTLIST_BLAS is not "mlas"; "none": TypeScript loops only. */
  blas?: "auto" | "none";
  /** Fill new tensors with NaN bits (f32) / 0x7fc0dead (i32) so unwritten elements show. */
  poison?: boolean;
  /** Native loops (cpu/native, compiled by Bun's TinyCC) for gather, scatter-add and softmax; default true. */
  native?: boolean;
}

export class CpuEngine implements TensorEngine {
  readonly description: string;
  readonly blas: OpenBlas | undefined;
  /** The native kernels, when on and available. */
  readonly native: NativeKernels | undefined;
  readonly threads: number;
  private readonly idle = new Map<string, CpuStorage[]>();
  /** Storage arrays allocated over the engine's life (tests check that a step allocates none). */
  created = 0;
  private idleElems = 0;
  private disposed = false;

  constructor(
    readonly kind: "cpu" | "reference",
    opts: CpuEngineOptions & { precision?: "f32" | "f64" } = {},
  ) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism());
    this.blas = kind === "cpu" && opts.blas !== "none" ? loadOpenBlas(this.threads) : undefined;
    this.native = kind === "cpu" && opts.native !== false ? nativeKernels() : undefined;
    this.poison = opts.poison ?? false;
    this.f64 = opts.precision === "f64";
    const dense = this.blas ? `OpenBLAS ${this.blas.description}` : "TypeScript loops";
    const loops = this.native ? ", native loops (TinyCC)" : kind === "cpu" && opts.native !== false && nativeUnavailable() ? `, TypeScript loops (native: ${nativeUnavailable()})` : "";
    this.description = kind === "reference" ? `reference (plain TypeScript, ${this.f64 ? "f64" : "f32"})` : `CPU: ${dense}${loops}, ${this.threads} thread${this.threads === 1 ? "" : "s"}`;
  }

  readonly poison: boolean;
  /** Reference engine in f64: f32 tensors are stored as Float64Array. */
  readonly f64: boolean;

  empty(shape: readonly number[], dtype: DType = "f32"): Tensor {
    this.live();
    const n = sizeOf(shape);
    const data = this.take(dtype, n);
    if (this.poison) {
      if (data instanceof Int32Array) data.fill(POISON_BITS);
      else data.fill(NaN);
    }
    return new Tensor(this, shape, dtype, data);
  }

  zeros(shape: readonly number[], dtype: DType = "f32"): Tensor {
    this.live();
    const data = this.take(dtype, sizeOf(shape));
    data.fill(0);
    return new Tensor(this, shape, dtype, data);
  }

  fromHost(data: HostData | Float64Array | readonly number[], shape: readonly number[], dtype: DType = data instanceof Int32Array ? "i32" : "f32"): Tensor {
    this.live();
    const n = sizeOf(shape);
    if (data.length !== n) throw new RangeError(`fromHost: ${data.length} values for shape [${shape}] (${n} elements)`);
    const out = this.take(dtype, n);
    out.set(data as ArrayLike<number>);
    return new Tensor(this, shape, dtype, out);
  }

  /** The tensor's storage itself (no copy): for kernels and tests on CPU engines. */
  data(t: Tensor): CpuStorage {
    t.assertLive("data");
    return t.storage as CpuStorage;
  }

  /** f32 storage of a "cpu" engine tensor (kernels that need Float32Array). */
  f32(t: Tensor): Float32Array {
    return t.storage as Float32Array;
  }

  write(t: Tensor, data: HostData): void {
    if (data.length !== t.size) throw new RangeError(`write: ${data.length} values for ${t} (${t.size} elements)`);
    this.data(t).set(data);
  }

  async read(t: Tensor): Promise<HostData> {
    const s = this.data(t);
    return s instanceof Int32Array ? s.slice() : Float32Array.from(s);
  }

  release(t: Tensor): void {
    const s = t.storage as CpuStorage;
    if (this.disposed || s.length === 0 || s.length > IDLE_LIMIT) return;
    // Least recently released first out: a training step's sizes stay pooled even after an
    // earlier stage of the run filled the pool with others (a dropped buffer costs a fresh,
    // page-faulting allocation every step).
    while (this.idleElems + s.length > IDLE_LIMIT) {
      const [key, list] = this.idle.entries().next().value!;
      const old = list.shift()!;
      this.idleElems -= old.length;
      if (list.length === 0) this.idle.delete(key);
    }
    const key = `${s.constructor.name}:${s.length}`;
    const list = this.idle.get(key) ?? [];
    this.idle.delete(key); // re-inserted last: most recently used
    list.push(s);
    this.idle.set(key, list);
    this.idleElems += s.length;
  }

  async sync(): Promise<void> {}

  async dispose(): Promise<void> {
    this.disposed = true;
    this.idle.clear();
  }

  private take(dtype: DType, n: number): CpuStorage {
    const ctor = dtype === "i32" ? Int32Array : this.f64 ? Float64Array : Float32Array;
    const key = `${ctor.name}:${n}`;
    const list = this.idle.get(key);
    const reused = list?.pop();
    if (reused) {
      this.idleElems -= n;
      if (list!.length === 0) this.idle.delete(key);
      return reused;
    }
    // Storage in its own ArrayBuffer: JavaScriptCore keeps small typed arrays' elements in the GC
    // heap and moves them out when their buffer is first asked for; native kernels take pointers,
    // so storage starts out of line, where it stays put.
    this.created++;
    return new ctor(new ArrayBuffer(n * ctor.BYTES_PER_ELEMENT));
  }

  private live(): void {
    if (this.disposed) throw new Error(`core-gpu ${this.kind} engine: used after dispose()`);
  }
}

/** Idle elements the pool keeps (64 Mi elements, 256 MiB of f32). */
const IDLE_LIMIT = 64 * 2 ** 20;

/**
 * The CPU tensor engine.
 * @example
 * const cpu = createCpuEngine();
 * const x = cpu.fromHost(new Float32Array([1, 2, 3, 4]), [2, 2]);
 */
export function createCpuEngine(opts: CpuEngineOptions = {}): CpuEngine {
  return new CpuEngine("cpu", opts);
}

/**
 * The reference engine: plain loops, optionally in f64 (gradient checks).
 * @example
 * const ref = createReferenceEngine({ precision: "f64" });
 */
export function createReferenceEngine(opts: { precision?: "f32" | "f64"; poison?: boolean } = {}): CpuEngine {
  return new CpuEngine("reference", { ...opts, blas: "none", native: false });
}
