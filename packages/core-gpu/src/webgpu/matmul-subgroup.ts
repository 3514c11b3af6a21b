/**
 * The matmul kernel that was fastest on lavapipe: each subgroup computes a 32-row × (8·S)-column
 * tile; every lane loads 32/S rows of A and broadcasts them to the others with
 * subgroupBroadcast, loads 8 columns of B, and keeps 32×8 accumulators (more spill). The k loop
 * body is fully unrolled, generated here. Needs a fixed subgroup size S dividing 32; used on
 * software adapters only (see GpuRuntime.matmulSubgroupSize). ~9.5 GFLOP/s at 1024³ on lavapipe.
 */
import { epilogue, MATMUL_BINDINGS, MATMUL_UNIFORMS, operandLoads } from "./matmul-program.ts";
import type { ProgramInfo } from "./program.ts";

/** Output rows per subgroup. */
export const SUBGROUP_ROWS = 32;
/** Output columns per lane (a subgroup covers 8·S). */
export const LANE_COLS = 8;
/** Subgroups per workgroup: 1 was as fast as 2 on lavapipe and keeps small matrices busy. */
const SUBGROUPS = 1;
/** Values of k per loop iteration. */
const K_UNROLL = 4;

/**
 * Output tile of one workgroup for subgroup size `s`: [rows, cols].
 * @example
 * subgroupTile(8); // [32, 64]
 */
export function subgroupTile(s: number): [number, number] {
  return [SUBGROUP_ROWS * SUBGROUPS, LANE_COLS * s];
}

/**
 * True when the subgroup kernel can be generated for subgroup size `s`.
 * @example
 * supportsSubgroupMatmul(8); // true
 */
export function supportsSubgroupMatmul(s: number): boolean {
  return s > 0 && s <= SUBGROUP_ROWS && SUBGROUP_ROWS % s === 0;
}

/**
 * One k-step of `ku` values of k: loads, broadcasts and FMAs, unrolled. Past the end of k the
 * loads read a clamped (valid) address and are zeroed, so one loop body serves the tail too;
 * zeroing both operands keeps an Inf in the clamped element from making 0·Inf = NaN.
 */
function kStep(s: number, ku: number): string {
  const rowsPerLane = SUBGROUP_ROWS / s;
  const out: string[] = [];
  for (let t = 0; t < ku; t++) out.push(`let in${t} = kk + ${t}u < u.k; let k${t} = min(kk + ${t}u, u.k - 1u);`);
  for (let j = 0; j < rowsPerLane; j++) {
    for (let t = 0; t < ku; t++) out.push(`let a${j}_${t} = select(0.0, loadA(bt, ar${j}, k${t}), in${t});`);
  }
  for (let q = 0; q < LANE_COLS; q++) {
    for (let t = 0; t < ku; t++) out.push(`let b${q}_${t} = select(0.0, loadB(bt, k${t}, bc${q}), in${t});`);
  }
  for (let r = 0; r < SUBGROUP_ROWS; r++) {
    for (let t = 0; t < ku; t++) {
      out.push(`{ let x = subgroupBroadcast(a${Math.floor(r / s)}_${t}, ${r % s}u);`);
      for (let q = 0; q < LANE_COLS; q++) out.push(`acc${r}_${q} = fma(x, b${q}_${t}, acc${r}_${q});`);
      out.push("}");
    }
  }
  return out.join("\n");
}

/**
 * The subgroup matmul program for subgroup size `s`.
 * Grid: [ceil(n / (8·s)), ceil(m / 32), batch]; uniforms from matmulUniforms.
 * @example
 * const p = subgroupMatmulProgram(8);
 */
export function subgroupMatmulProgram(s: number): ProgramInfo {
  return {
    name: "matmul",
    cacheKey: `subgroup${s}`,
    bindings: MATMUL_BINDINGS,
    uniforms: MATMUL_UNIFORMS,
    enables: ["subgroups"],
    body: () => {
      const rowsPerLane = SUBGROUP_ROWS / s;
      const lines: string[] = [operandLoads(), epilogue()];
      lines.push(`@compute @workgroup_size(${s * SUBGROUPS}) fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {`);
      lines.push(`let lane = lid % ${s}u;`);
      lines.push(`let bt = wid.z;`);
      lines.push(`let rowBase = (wid.y * ${SUBGROUPS}u + lid / ${s}u) * ${SUBGROUP_ROWS}u;`);
      lines.push(`let colBase = wid.x * ${LANE_COLS * s}u + lane * ${LANE_COLS}u;`);
      // Out-of-range rows and columns load clamped (valid) addresses; storeC drops their results.
      // Clamping instead of branching keeps every lane in the broadcasts.
      lines.push(`let lastRow = max(u.m, 1u) - 1u; let lastCol = max(u.n, 1u) - 1u;`);
      for (let j = 0; j < rowsPerLane; j++) lines.push(`let ar${j} = min(rowBase + ${j * s}u + lane, lastRow);`);
      for (let q = 0; q < LANE_COLS; q++) lines.push(`let bc${q} = min(colBase + ${q}u, lastCol);`);
      for (let r = 0; r < SUBGROUP_ROWS; r++) {
        lines.push(Array.from({ length: LANE_COLS }, (_, q) => `var acc${r}_${q} = 0.0;`).join(" "));
      }
      lines.push(`var kk = 0u;`);
      lines.push(`loop { if (kk >= u.k) { break; }\n${kStep(s, K_UNROLL)}\nkk += ${K_UNROLL}u; }`);
      for (let q = 0; q < LANE_COLS; q++) lines.push(`let bias${q} = biasAt(bc${q});`);
      for (let r = 0; r < SUBGROUP_ROWS; r++) {
        for (let q = 0; q < LANE_COLS; q++) lines.push(`storeC(bt, rowBase + ${r}u, colBase + ${q}u, acc${r}_${q}, bias${q});`);
      }
      lines.push("}");
      return lines.join("\n");
    },
  };
}
