/**
 * The portable matmul kernel: 64×64 output tiles staged through workgroup memory in k-slices of
 * 16, 16×16 threads each holding a 4×4 register block. Used where subgroups are missing or of
 * varying size (most hardware GPUs).
 */
import { epilogue, MATMUL_BINDINGS, MATMUL_UNIFORMS, operandLoads } from "./matmul-program.ts";
import type { ProgramInfo } from "./program.ts";

/** Output tile of one workgroup: [rows, cols]. */
export const TILED_TILE: [number, number] = [64, 64];
const TK = 16;
const BLOCK = 4;
const THREADS = 16;

/**
 * The tiled matmul program. Grid: [ceil(n / 64), ceil(m / 64), batch]; uniforms from
 * matmulUniforms.
 * @example
 * const p = tiledMatmulProgram();
 */
export function tiledMatmulProgram(): ProgramInfo {
  const [TM, TN] = TILED_TILE;
  return {
    name: "matmul",
    cacheKey: "tiled",
    bindings: MATMUL_BINDINGS,
    uniforms: MATMUL_UNIFORMS,
    body: () => `${operandLoads()}
${epilogue()}
var<workgroup> tileA: array<f32, ${TK * TM}>; // [kk][row]
var<workgroup> tileB: array<f32, ${TK * TN}>; // [kk][col]
@compute @workgroup_size(${THREADS}, ${THREADS}) fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid3: vec3u, @builtin(local_invocation_index) lid: u32) {
  let bt = wid.z;
  let rowBase = wid.y * ${TM}u;
  let colBase = wid.x * ${TN}u;
  var acc: array<f32, ${BLOCK * BLOCK}>;
  for (var k0 = 0u; k0 < u.k; k0 += ${TK}u) {
    // ${THREADS * THREADS} threads stage a ${TM}×${TK} slice of op(A) and a ${TK}×${TN} slice of op(B), zero outside.
    for (var e = lid; e < ${TK * TM}u; e += ${THREADS * THREADS}u) {
      let kk = e / ${TM}u; let r = e % ${TM}u;
      let row = rowBase + r; let kg = k0 + kk;
      tileA[e] = select(0.0, loadA(bt, min(row, u.m - 1u), min(kg, u.k - 1u)), row < u.m && kg < u.k);
    }
    for (var e = lid; e < ${TK * TN}u; e += ${THREADS * THREADS}u) {
      let kk = e / ${TN}u; let cc = e % ${TN}u;
      let col = colBase + cc; let kg = k0 + kk;
      tileB[e] = select(0.0, loadB(bt, min(kg, u.k - 1u), min(col, u.n - 1u)), col < u.n && kg < u.k);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TK}u; kk++) {
      var av: array<f32, ${BLOCK}>;
      var bv: array<f32, ${BLOCK}>;
      for (var i = 0u; i < ${BLOCK}u; i++) { av[i] = tileA[kk * ${TM}u + lid3.y * ${BLOCK}u + i]; }
      for (var j = 0u; j < ${BLOCK}u; j++) { bv[j] = tileB[kk * ${TN}u + lid3.x * ${BLOCK}u + j]; }
      for (var i = 0u; i < ${BLOCK}u; i++) {
        for (var j = 0u; j < ${BLOCK}u; j++) { acc[i * ${BLOCK}u + j] = fma(av[i], bv[j], acc[i * ${BLOCK}u + j]); }
      }
    }
    workgroupBarrier();
  }
  for (var j = 0u; j < ${BLOCK}u; j++) {
    let col = colBase + lid3.x * ${BLOCK}u + j;
    let bv = biasAt(min(col, u.n - 1u));
    for (var i = 0u; i < ${BLOCK}u; i++) { storeC(bt, rowBase + lid3.y * ${BLOCK}u + i, col, acc[i * ${BLOCK}u + j], bv); }
  }
}`,
  };
}
