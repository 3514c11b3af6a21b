/**
 * A Tensor is a handle to storage that stays where it was computed: typed arrays on the CPU
 * engines, a pooled GPUBuffer on WebGPU. Shapes are row-major; `read()` copies to the host and is
 * the only point where a caller waits for the device. Lifetime is explicit: `dispose()`, or a
 * `tidy` scope that frees what a step created (see scope.ts).
 */
import { trackTensor } from "./scope.ts";

export type DType = "f32" | "i32";
export type EngineKind = "cpu" | "webgpu" | "reference";
/** Host data of a tensor as `read()` returns it. */
export type HostData = Float32Array | Int32Array;

/**
 * Where tensors live and how they are allocated, read and freed. Kernels (registry.ts) compute;
 * the engine only owns storage. `storage` is opaque outside the engine and its kernels.
 */
export interface TensorEngine {
  readonly kind: EngineKind;
  /** One line naming the device, e.g. "CPU: OpenBLAS …, 2 threads". */
  readonly description: string;
  /** A tensor with unspecified contents (poisoned with NaN bits when the engine poisons outputs). */
  empty(shape: readonly number[], dtype?: DType): Tensor;
  /** A tensor of zeros. */
  zeros(shape: readonly number[], dtype?: DType): Tensor;
  /** A tensor holding a copy of `data`. */
  fromHost(data: HostData | Float64Array | readonly number[], shape: readonly number[], dtype?: DType): Tensor;
  /** Overwrites the tensor's values in place, in order with the work recorded so far (loading a checkpoint). */
  write(t: Tensor, data: HostData): void;
  /** Copies the tensor to the host after all work recorded so far. */
  read(t: Tensor): Promise<HostData>;
  /** Frees the tensor's storage (Tensor.dispose calls this). */
  release(t: Tensor): void;
  /** Submits recorded work and waits until the device has done it. */
  sync(): Promise<void>;
  /** Frees everything the engine holds; tensors are unusable afterwards. */
  dispose(): Promise<void>;
}

/** NaN bits as f32, an impossible id as i32: what poisoned outputs hold (same as the one-shot kernels). */
export const POISON_BITS = 0x7fc0dead;

let nextId = 1;

export class Tensor {
  readonly id = nextId++;
  readonly size: number;
  private freed = false;
  /** Set by the autograd layer: the operation that made this tensor, when it needs a gradient. */
  node?: unknown;
  /** True for parameters and for results of operations over them (the autograd layer sets it). */
  requiresGrad = false;

  /** Engines create tensors; user code calls `engine.fromHost`, `engine.zeros`, or an op. */
  constructor(
    readonly engine: TensorEngine,
    readonly shape: readonly number[],
    readonly dtype: DType,
    /** Engine-specific storage (typed array on CPU engines, a GPU slice on WebGPU). */
    readonly storage: unknown,
  ) {
    this.size = sizeOf(shape);
    trackTensor(this);
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.freed;
  }

  /**
   * The values, copied to the host (waits for the device).
   * @example
   * const values = await loss.read(); // Float32Array [1]
   */
  read(): Promise<HostData> {
    this.assertLive("read");
    return this.engine.read(this);
  }

  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) throw new RangeError(`item(): tensor of shape [${this.shape}] has ${this.size} elements, expected 1`);
    return (await this.read())[0]!;
  }

  /** Frees the storage now. Idempotent. */
  dispose(): void {
    if (this.freed) return;
    this.freed = true;
    this.node = undefined;
    this.engine.release(this);
  }

  /** Throws when the tensor was disposed; `op` names who wanted it. */
  assertLive(op: string): void {
    if (this.freed) throw new Error(`${op}: tensor #${this.id} of shape [${this.shape}] was disposed`);
  }

  toString(): string {
    return `Tensor#${this.id}(${this.dtype}[${this.shape.join(", ")}] on ${this.engine.kind})`;
  }
}

/**
 * Number of elements of a shape; throws on a dimension that is not a non-negative integer.
 * @example
 * sizeOf([2, 3]); // 6
 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`shape [${shape}]: dimension ${d} is not a non-negative integer`);
    n *= d;
  }
  return n;
}

/** "[2, 3]" for messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
