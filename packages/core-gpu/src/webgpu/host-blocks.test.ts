import { describe, expect, test } from "bun:test";
import { matrixBlock, placeBlock } from "./host-blocks.ts";

describe("matrix blocks", () => {
  // 3×4 matrix with value 10·r + c, after a 2-element prefix (base 2).
  const src = Float32Array.from([-1, -1, ...Array.from({ length: 12 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4))]);

  test("whole-width blocks are views, others copies with the right elements", () => {
    const rows = matrixBlock(src, 2, 4, 1, 3, 0, 4);
    expect(rows.buffer).toBe(src.buffer);
    expect(Array.from(rows)).toEqual([10, 11, 12, 13, 20, 21, 22, 23]);
    expect(Array.from(matrixBlock(src, 2, 4, 0, 3, 1, 3))).toEqual([1, 2, 11, 12, 21, 22]);
  });

  test("placeBlock writes a block back where matrixBlock took it", () => {
    const dst = new Float32Array(14).fill(NaN);
    dst.set(src.subarray(0, 2));
    for (const [r0, r1, c0, c1] of [[0, 2, 0, 4], [2, 3, 0, 1], [2, 3, 1, 4]] as const) {
      placeBlock(dst, 2, 4, r0, r1, c0, matrixBlock(src, 2, 4, r0, r1, c0, c1));
    }
    expect(Array.from(dst)).toEqual(Array.from(src));
  });
});
