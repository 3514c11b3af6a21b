/**
 * Append-only typed arrays for readers that do not know their row count up front: capacity
 * doubles, and `toArray()` returns an exact-length copy so no slack outlives the read.
 */
type TypedCtor<T> = { new (n: number): T };
type Typed = Int32Array | Float32Array;

class Growable<T extends Typed> {
  private data: T;
  length = 0;
  constructor(
    private readonly Ctor: TypedCtor<T>,
    capacity = 1024,
  ) {
    this.data = new Ctor(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.Ctor(this.data.length * 2);
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Drops the last value (a row rejected after its first fields were pushed). */
  pop(): void {
    if (this.length > 0) this.length--;
  }
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** @example const g = growInt32(); g.push(3); g.toArray() // Int32Array [3] */
export const growInt32 = (capacity?: number) => new Growable<Int32Array>(Int32Array, capacity);
/** @example const g = growFloat32(); g.push(0.5); g.toArray() // Float32Array [0.5] */
export const growFloat32 = (capacity?: number) => new Growable<Float32Array>(Float32Array, capacity);
export type { Growable };
