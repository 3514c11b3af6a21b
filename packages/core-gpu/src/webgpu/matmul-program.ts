/**
 * What every matmul kernel variant shares: bindings, uniforms, operand loads and the epilogue.
 *
 * Transposes, bias and ReLU are uniforms, not baked constants: lavapipe compiles the big
 * unrolled kernel for seconds, so one pipeline per device has to serve every flag mix.
 * Transposition is expressed as strides (op(A)[r, kk] = a[r·sAr + kk·sAk]).
 */
import type { BindingDecl, ProgramInfo } from "./program.ts";

/** Per-dispatch choices of a matmul (carried in uniforms). */
export interface MatmulFlags {
  transA: boolean;
  transB: boolean;
  bias: boolean;
  relu: boolean;
}

export const MATMUL_BINDINGS: readonly BindingDecl[] = [
  { name: "a", type: "array<f32>", access: "read" },
  { name: "b", type: "array<f32>", access: "read" },
  { name: "bias", type: "array<f32>", access: "read" },
  { name: "c", type: "array<f32>", access: "read_write" },
];

/** Shapes, operand strides and flag bits of one dispatch; grid z indexes the stacked products. */
export const MATMUL_UNIFORMS: ProgramInfo["uniforms"] = [
  ["m", "u32"],
  ["n", "u32"],
  ["k", "u32"],
  ["sAr", "u32"],
  ["sAk", "u32"],
  ["sBk", "u32"],
  ["sBc", "u32"],
  ["flags", "u32"],
];

const BIAS = 1;
const RELU = 2;

/**
 * The uniform values for a dispatch of shape m×n×k with `flags`, in MATMUL_UNIFORMS order.
 * @example
 * matmulUniforms(2, 3, 4, { transA: true, transB: false, bias: false, relu: false });
 */
export function matmulUniforms(m: number, n: number, k: number, f: MatmulFlags): number[] {
  const [sAr, sAk] = f.transA ? [1, m] : [k, 1];
  const [sBk, sBc] = f.transB ? [1, k] : [n, 1];
  const bits = (f.bias ? BIAS : 0) | (f.relu ? RELU : 0);
  return [m, n, k, sAr, sAk, sBk, sBc, bits];
}

/**
 * WGSL functions `loadA(batch, row, kk)` and `loadB(batch, kk, col)` reading op(A) and op(B).
 * @example
 * `${operandLoads()} let x = loadA(0u, r, kk);`
 */
export function operandLoads(): string {
  return `fn loadA(bt: u32, row: u32, kk: u32) -> f32 { return a[bt * u.m * u.k + row * u.sAr + kk * u.sAk]; }
fn loadB(bt: u32, kk: u32, col: u32) -> f32 { return b[bt * u.k * u.n + kk * u.sBk + col * u.sBc]; }`;
}

/**
 * WGSL functions `biasAt(col)` (the bias of a column, 0 without bias) and
 * `storeC(batch, row, col, acc, bias)` (adds the bias, applies ReLU, writes inside m×n only).
 * @example
 * `${epilogue()} storeC(bt, r, c, acc, biasAt(c));`
 */
export function epilogue(): string {
  // The unrolled kernels inline storeC hundreds of times, so it must not read C: loads of C
  // interleaved with stores to C made LLVM's memory analysis on lavapipe take minutes. Callers
  // read the biases they need once, before the stores. Without bias the read hits a dummy
  // binding (clamped by robustness) and the select discards it.
  return `fn biasAt(col: u32) -> f32 { return select(0.0, bias[col], (u.flags & ${BIAS}u) != 0u); }
fn storeC(bt: u32, row: u32, col: u32, acc: f32, bv: f32) {
  if (row >= u.m || col >= u.n) { return; }
  let v = acc + bv;
  c[bt * u.m * u.n + row * u.n + col] = select(v, max(v, 0.0), (u.flags & ${RELU}u) != 0u);
}`;
}
