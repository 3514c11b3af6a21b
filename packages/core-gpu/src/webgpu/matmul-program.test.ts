import { describe, expect, test } from "bun:test";
import { epilogue, matmulUniforms, operandLoads } from "./matmul-program.ts";

describe("matmul program pieces", () => {
  test("transposes become strides: op(A)[r, kk] = a[r·sAr + kk·sAk], op(B)[kk, c] = b[kk·sBk + c·sBc]", () => {
    const plain = { transA: false, transB: false, bias: false, relu: false };
    // m=2, n=3, k=4: A stored 2×4, B stored 4×3.
    expect(matmulUniforms(2, 3, 4, plain)).toEqual([2, 3, 4, 4, 1, 3, 1, 0]);
    // Aᵀ stored 4×2 (sAr = 1, sAk = m); Bᵀ stored 3×4 (sBk = 1, sBc = k); bias and ReLU bits.
    expect(matmulUniforms(2, 3, 4, { transA: true, transB: true, bias: true, relu: true })).toEqual([2, 3, 4, 1, 2, 1, 4, 3]);
    expect(operandLoads()).toContain("row * u.sAr + kk * u.sAk");
  });

  test("the epilogue never reads C (reads interleaved with stores made lavapipe's compiler take minutes)", () => {
    const code = epilogue();
    const reads = code.split("\n").filter((line) => /\bc\[/.test(line.split("=").slice(1).join("=")));
    expect(reads).toEqual([]);
    expect(code).toContain("c[bt * u.m * u.n + row * u.n + col] =");
  });
});
