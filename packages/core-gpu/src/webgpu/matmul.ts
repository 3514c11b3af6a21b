/**
 * matmul on the GPU: C = op(A)·op(B) (+bias) (ReLU), batched. Work that fits the device's
 * binding and dispatch limits runs as one dispatch (groups of batches at a time); larger products
 * are split into row, column and k blocks, the k blocks' partial products accumulating into C on
 * the GPU.
 */
import { checkMatmul } from "../reference/validate.ts";
import type { MatmulOptions } from "../types.ts";
import { spans } from "./dispatch-grid.ts";
import { matrixBlock } from "./host-blocks.ts";
import { accumulateBlock } from "./matmul-accumulate.ts";
import { matmulTile, runMatmul } from "./matmul-kernel.ts";
import type { MatmulFlags } from "./matmul-program.ts";
import type { OpContext } from "./op-context.ts";
import type { GpuRuntime } from "./runtime.ts";

/** Block sizes of a split product. */
export interface MatmulBlocks {
  mb: number;
  nb: number;
  kb: number;
}

/**
 * Chooses row/column/k block sizes so each operand block fits `maxElems` f32 and each grid
 * dimension stays within `maxGroups` workgroups of tile [tm, tn]. Prefers keeping k whole (no
 * accumulation passes), then the columns whole.
 * @example
 * planMatmulBlocks(1000, 1000, 1000, 1 << 20, 65535, [32, 64]); // { mb: 1000, nb: 1000, kb: 1000 }
 */
export function planMatmulBlocks(m: number, n: number, k: number, maxElems: number, maxGroups: number, tile: [number, number]): MatmulBlocks {
  let kb = Math.max(k, 1);
  let nb = Math.max(n, 1);
  while (kb * nb > maxElems || nb > maxGroups * tile[1]) {
    if (nb > maxGroups * tile[1]) nb = maxGroups * tile[1];
    else if (nb >= kb && nb > 1) nb = Math.ceil(nb / 2);
    else kb = Math.ceil(kb / 2);
  }
  const mb = Math.max(1, Math.min(m, Math.floor(maxElems / kb), Math.floor(maxElems / nb), maxGroups * tile[0]));
  return { mb, nb, kb: Math.min(kb, Math.max(k, 0)) };
}

/**
 * C = op(A)·op(B) (+bias) (ReLU) on the GPU, with the semantics of Backend.matmul.
 * @example
 * const c = await gpuMatmul(rt, a, b, { m: 2, n: 2, k: 3 });
 */
export async function gpuMatmul(rt: GpuRuntime, a: Float32Array, b: Float32Array, o: MatmulOptions): Promise<Float32Array> {
  const batch = checkMatmul(a, b, o);
  const out = o.out ?? new Float32Array(batch * o.m * o.n);
  if (out.length === 0) return out;
  return rt.op("matmul", async (ctx) => {
    const perBatch = Math.max(o.m * o.k, o.k * o.n, o.m * o.n, o.n, 1);
    const [tm, tn] = matmulTile(ctx);
    const maxElems = rt.maxElems;
    const maxGroups = rt.maxWorkgroupsPerDim;
    const fitsWhole = perBatch <= maxElems && Math.ceil(o.m / tm) <= maxGroups && Math.ceil(o.n / tn) <= maxGroups;
    if (fitsWhole) await batchGroups(ctx, a, b, o, batch, out, Math.min(maxGroups, Math.floor(maxElems / perBatch)));
    else for (let t = 0; t < batch; t++) await blocked(ctx, a, b, o, t, out);
    return out;
  });
}

/** Runs groups of up to `group` whole products per dispatch (the common, unsplit case). */
async function batchGroups(ctx: OpContext, a: Float32Array, b: Float32Array, o: MatmulOptions, batch: number, out: Float32Array, group: number): Promise<void> {
  const { m, n, k } = o;
  const flags: MatmulFlags = { transA: !!o.transA, transB: !!o.transB, bias: !!o.bias, relu: !!o.relu };
  const bias = o.bias ? ctx.upload(o.bias) : ctx.scratch(16);
  for (const g of spans(batch, group)) {
    ctx.checkpoint();
    const count = g.end - g.start;
    const as = ctx.upload(a.subarray(g.start * m * k, g.end * m * k));
    const bs = ctx.upload(b.subarray(g.start * k * n, g.end * k * n));
    const cs = ctx.output(4 * count * m * n);
    await runMatmul(ctx, as, bs, bias, cs, { m, n, k, batch: count }, flags);
    await ctx.readBlock(cs, out, g.start * m * n, n, 0, count * m, 0);
    for (const s of [as, bs, cs]) ctx.release(s);
  }
}

/** One product of the batch, split into blocks that each fit a binding and a dispatch. */
async function blocked(ctx: OpContext, a: Float32Array, b: Float32Array, o: MatmulOptions, t: number, out: Float32Array): Promise<void> {
  const { m, n, k } = o;
  const { mb, nb, kb } = planMatmulBlocks(m, n, k, ctx.rt.maxElems, ctx.rt.maxWorkgroupsPerDim, matmulTile(ctx));
  const aBase = t * m * k;
  const bBase = t * k * n;
  const cBase = t * m * n;
  const kSpans = k === 0 ? [{ start: 0, end: 0 }] : spans(k, kb);
  for (const cols of spans(n, nb)) {
    const bias = o.bias ? ctx.upload(o.bias.subarray(cols.start, cols.end)) : ctx.scratch(16);
    for (const rows of spans(m, mb)) {
      ctx.checkpoint();
      const mm = rows.end - rows.start;
      const nn = cols.end - cols.start;
      const cs = ctx.output(4 * mm * nn);
      // Unsplit k computes straight into C; a k-split computes each block's partial product
      // and accumulates it into C with a separate elementwise pass.
      const split = kSpans.length > 1;
      const partial = split ? ctx.scratch(4 * mm * nn) : cs;
      for (const [i, ks] of kSpans.entries()) {
        const last = i === kSpans.length - 1;
        const as = o.transA
          ? ctx.upload(matrixBlock(a, aBase, m, ks.start, ks.end, rows.start, rows.end))
          : ctx.upload(matrixBlock(a, aBase, k, rows.start, rows.end, ks.start, ks.end));
        const bs = o.transB
          ? ctx.upload(matrixBlock(b, bBase, k, cols.start, cols.end, ks.start, ks.end))
          : ctx.upload(matrixBlock(b, bBase, n, ks.start, ks.end, cols.start, cols.end));
        const flags: MatmulFlags = { transA: !!o.transA, transB: !!o.transB, bias: !split && !!o.bias, relu: !split && !!o.relu };
        await runMatmul(ctx, as, bs, bias, partial, { m: mm, n: nn, k: ks.end - ks.start, batch: 1 }, flags);
        if (split) await accumulateBlock(ctx, partial, bias, cs, mm * nn, nn, { first: i === 0, bias: last && !!o.bias, relu: last && !!o.relu });
        ctx.release(as);
        ctx.release(bs);
      }
      if (split) ctx.release(partial);
      await ctx.readBlock(cs, out, cBase, n, rows.start, rows.end, cols.start);
      ctx.release(cs);
    }
    ctx.release(bias);
  }
}
