import { describe, expect, test } from "bun:test";
import { matmulVariant } from "./matmul-kernel.ts";

describe("matmulVariant", () => {
  test("subgroup kernel for subgroup sizes dividing 32, tiled otherwise", () => {
    expect(matmulVariant(8).tile).toEqual([32, 64]);
    expect(matmulVariant(8).program.cacheKey).toBe("subgroup8");
    expect(matmulVariant(32).tile).toEqual([32, 256]);
    expect(matmulVariant(0).program.cacheKey).toBe("tiled");
    expect(matmulVariant(64).program.cacheKey).toBe("tiled");
  });
});
