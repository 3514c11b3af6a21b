/**
 * The elementwise step of a k-split matmul: C = (first ? 0 : C) + P for a partial product P,
 * and on the last k block the bias and ReLU. Kept out of the matmul kernels because reading C
 * there slowed lavapipe's shader compiler by minutes (see matmul-program.ts).
 */
import type { OpContext, Slice } from "./op-context.ts";
import type { ProgramInfo } from "./program.ts";
import { gridFor } from "./dispatch-grid.ts";
import { linearEntry, threadIndex } from "./wgsl.ts";

const WG = 64;
const FIRST = 1;
const BIAS = 2;
const RELU = 4;

export const ACCUMULATE_PROGRAM: ProgramInfo = {
  name: "matmul",
  cacheKey: "accumulate",
  bindings: [
    { name: "p", type: "array<f32>", access: "read" },
    { name: "bias", type: "array<f32>", access: "read" },
    { name: "c", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"], ["n", "u32"], ["flags", "u32"]],
  body: () => `${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  var v = p[i];
  if ((u.flags & ${FIRST}u) == 0u) { v += c[i]; }
  if ((u.flags & ${BIAS}u) != 0u) { v += bias[i % u.n]; }
  if ((u.flags & ${RELU}u) != 0u) { v = max(v, 0.0); }
  c[i] = v;
}`,
};

/**
 * Adds the partial product `p` (rows×n) into `c`; `first` overwrites instead, and `bias`/`relu`
 * finish the result on the last block.
 * @example
 * await accumulateBlock(ctx, partial, bias, c, mm * nn, nn, { first: i === 0, bias: last, relu: last && relu });
 */
export async function accumulateBlock(
  ctx: OpContext, p: Slice, bias: Slice, c: Slice, count: number, n: number,
  f: { first: boolean; bias: boolean; relu: boolean },
): Promise<void> {
  const flags = (f.first ? FIRST : 0) | (f.bias ? BIAS : 0) | (f.relu ? RELU : 0);
  await ctx.run(ACCUMULATE_PROGRAM, [p, bias, c], [count, n, flags], gridFor(Math.ceil(count / WG), ctx.rt.maxWorkgroupsPerDim), { bytes: 12 * count });
}
