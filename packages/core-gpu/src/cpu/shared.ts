/** Typed arrays in SharedArrayBuffers, so workers read the inputs and write the outputs in place. */

type Typed = Int32Array | Float32Array | Float64Array;
type Ctor<T extends Typed> = { new (buf: SharedArrayBuffer | ArrayBuffer, offset?: number, length?: number): T; BYTES_PER_ELEMENT: number };

/**
 * A zeroed typed array of `length` elements over a fresh SharedArrayBuffer.
 * @example
 * const counter = sharedArray(Int32Array, 1);
 */
export function sharedArray<T extends Typed>(ctor: Ctor<T>, length: number): T {
  return new ctor(new SharedArrayBuffer(Math.max(1, length) * ctor.BYTES_PER_ELEMENT), 0, length);
}

/**
 * A shared copy of `src` (or undefined when src is).
 * @example
 * const idx = sharedCopy(Int32Array, csr.indices);
 */
export function sharedCopy<T extends Typed>(ctor: Ctor<T>, src: ArrayLike<number>): T;
export function sharedCopy<T extends Typed>(ctor: Ctor<T>, src: ArrayLike<number> | undefined): T | undefined;
export function sharedCopy<T extends Typed>(ctor: Ctor<T>, src: ArrayLike<number> | undefined): T | undefined {
  if (!src) return undefined;
  const out = sharedArray(ctor, src.length);
  out.set(src as ArrayLike<number> & T);
  return out;
}
