/** Host-side views of matrix blocks: a subarray when the block is contiguous, a copy otherwise. */

/**
 * Rows [r0, r1) × columns [c0, c1) of a rows×cols row-major matrix starting at `base` in `src`,
 * as a contiguous row-major array. Whole-width blocks are returned as views (no copy).
 * @example
 * matrixBlock(new Float32Array([1, 2, 3, 4]), 0, 2, 2, 0, 2, 1, 2); // [2, 4]
 */
export function matrixBlock(src: Float32Array, base: number, cols: number, r0: number, r1: number, c0: number, c1: number): Float32Array {
  if (c0 === 0 && c1 === cols) return src.subarray(base + r0 * cols, base + r1 * cols);
  const w = c1 - c0;
  const out = new Float32Array((r1 - r0) * w);
  for (let r = r0; r < r1; r++) out.set(src.subarray(base + r * cols + c0, base + r * cols + c1), (r - r0) * w);
  return out;
}

/**
 * Writes a contiguous (r1−r0)×(c1−c0) block into rows [r0, r1), columns [c0, …) of a row-major
 * matrix of width `cols` starting at `base` in `dst`.
 * @example
 * placeBlock(dst, 0, 4, 1, 2, 2, new Float32Array([7, 8])); // dst[6] = 7, dst[7] = 8
 */
export function placeBlock(dst: Float32Array, base: number, cols: number, r0: number, r1: number, c0: number, block: Float32Array): void {
  const w = block.length / Math.max(1, r1 - r0);
  if (c0 === 0 && w === cols) {
    dst.set(block, base + r0 * cols);
    return;
  }
  for (let r = r0; r < r1; r++) dst.set(block.subarray((r - r0) * w, (r - r0 + 1) * w), base + r * cols + c0);
}
