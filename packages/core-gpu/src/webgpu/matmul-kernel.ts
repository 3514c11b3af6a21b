/**
 * Runs one matmul dispatch on buffers already on the GPU, picking the kernel variant: the
 * subgroup kernel on software adapters with a fixed subgroup size it supports (lavapipe: 8), the
 * tiled one otherwise (see GpuRuntime.matmulSubgroupSize).
 */
import { matmulUniforms, type MatmulFlags } from "./matmul-program.ts";
import { subgroupMatmulProgram, subgroupTile, supportsSubgroupMatmul } from "./matmul-subgroup.ts";
import { TILED_TILE, tiledMatmulProgram } from "./matmul-tiled.ts";
import type { OpContext, Slice } from "./op-context.ts";
import type { ProgramInfo } from "./program.ts";

export interface MatmulShape {
  m: number;
  n: number;
  k: number;
  batch: number;
}

/**
 * The program and output tile [rows, cols] a runtime with this subgroup size uses for matmul.
 * @example
 * const { tile } = matmulVariant(8); // [32, 64]
 */
export function matmulVariant(subgroupSize: number): { program: ProgramInfo; tile: [number, number] } {
  if (supportsSubgroupMatmul(subgroupSize)) return { program: subgroupMatmulProgram(subgroupSize), tile: subgroupTile(subgroupSize) };
  return { program: tiledMatmulProgram(), tile: TILED_TILE };
}

/**
 * Dispatches C = op(A)·op(B) for stacked products (A, B, C contiguous per batch). The caller
 * keeps every grid dimension within the device limit (see matmulTile).
 * @example
 * await runMatmul(ctx, a, b, bias, c, { m, n, k, batch: 1 }, flags);
 */
export async function runMatmul(ctx: OpContext, a: Slice, b: Slice, bias: Slice, c: Slice, s: MatmulShape, f: MatmulFlags): Promise<void> {
  const { program, tile } = matmulVariant(ctx.rt.matmulSubgroupSize);
  const grid: [number, number, number] = [Math.ceil(s.n / tile[1]), Math.ceil(s.m / tile[0]), s.batch];
  await ctx.run(program, [a, b, bias, c], matmulUniforms(s.m, s.n, s.k, f), grid, { flops: 2 * s.m * s.n * s.k * s.batch });
}

/**
 * The output tile [rows, cols] of the kernel this context's runtime uses.
 * @example
 * const [tm, tn] = matmulTile(ctx);
 */
export function matmulTile(ctx: OpContext): [number, number] {
  return matmulVariant(ctx.rt.matmulSubgroupSize).tile;
}
