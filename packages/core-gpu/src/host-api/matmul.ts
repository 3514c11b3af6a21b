/**
 * Backend.matmul over host arrays as a thin wrapper over the tensor kernel "Matmul" (bias fused
 * where the kernel takes one), with "Binary" add for batched biases and k-split accumulation and
 * "Unary" relu. Products that fit the limits run a group of batches per kernel call; larger ones
 * are split into row, column and k blocks that each fit a binding and a dispatch grid.
 */
import "../kernels/elementwise/index.ts";
import "../kernels/matmul/index.ts";
import { checkMatmul } from "../reference/validate.ts";
import { runKernel } from "../tensor/registry.ts";
import { tidy } from "../tensor/scope.ts";
import type { Tensor } from "../tensor/tensor.ts";
import type { MatmulOptions } from "../types.ts";
import { spans } from "../webgpu/dispatch-grid.ts";
import { matrixBlock, placeBlock } from "../webgpu/host-blocks.ts";
import { readAndDispose, type TensorHost } from "./host.ts";

/** Dispatch limits of the engine's matmul program: workgroups per grid dimension, output tile [rows, cols]. */
export interface MatmulLimits {
  maxGroups: number;
  tile: [number, number];
}

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

/** Records op(A)·op(B) for `count` stacked products (rank 2 when one, so the bias fuses). */
function product(host: TensorHost, a: Float32Array, b: Float32Array, o: MatmulOptions, count: number, bias: Float32Array | undefined): Tensor {
  const { engine } = host;
  const { m, n, k } = o;
  const lead = count === 1 ? [] : [count];
  const at = engine.fromHost(a, [...lead, ...(o.transA ? [k, m] : [m, k])]);
  const bt = engine.fromHost(b, [...lead, ...(o.transB ? [n, k] : [k, n])]);
  const attrs = { transA: !!o.transA, transB: !!o.transB };
  if (count === 1) return runKernel("Matmul", bias ? [at, bt, engine.fromHost(bias, [n])] : [at, bt], attrs)[0]!;
  const c = runKernel("Matmul", [at, bt], attrs)[0]!;
  if (bias) runKernel("Binary", [c, engine.fromHost(bias, [n])], { op: "add", inPlace: true });
  return c;
}

/**
 * C = op(A)·op(B) (+bias) (ReLU) with the semantics of Backend.matmul (writes `o.out` when given).
 * @example
 * const c = await tensorMatmul(host, { maxGroups: 65535, tile: [32, 64] }, a, b, { m: 2, n: 2, k: 3 });
 */
export async function tensorMatmul(host: TensorHost, lim: MatmulLimits, a: Float32Array, b: Float32Array, o: MatmulOptions): Promise<Float32Array> {
  const batch = checkMatmul(a, b, o);
  const out = o.out ?? new Float32Array(batch * o.m * o.n);
  if (out.length === 0) return out;
  const { m, n, k } = o;
  const relu = (c: Tensor) => (o.relu ? runKernel("Unary", [c], { op: "relu" })[0]! : c);
  return host.run("matmul", async () => {
    const perBatch = Math.max(m * k, k * n, m * n, n, 1);
    const [tm, tn] = lim.tile;
    if (perBatch <= host.maxElems && Math.ceil(m / tm) <= lim.maxGroups && Math.ceil(n / tn) <= lim.maxGroups) {
      for (const g of spans(batch, Math.min(lim.maxGroups, host.maxElems / perBatch))) {
        const as = a.subarray(g.start * m * k, g.end * m * k);
        const bs = b.subarray(g.start * k * n, g.end * k * n);
        out.set(await readAndDispose(tidy(() => relu(product(host, as, bs, o, g.end - g.start, o.bias)))), g.start * m * n);
      }
      return out;
    }
    const { mb, nb, kb } = planMatmulBlocks(m, n, k, host.maxElems, lim.maxGroups, lim.tile);
    const kSpans = k === 0 ? [{ start: 0, end: 0 }] : spans(k, kb);
    for (let t = 0; t < batch; t++) {
      for (const cols of spans(n, nb)) {
        const bias = o.bias?.subarray(cols.start, cols.end);
        for (const rows of spans(m, mb)) {
          const block = { m: rows.end - rows.start, n: cols.end - cols.start, transA: o.transA, transB: o.transB };
          // Unsplit k takes the bias in the product; a k-split adds the blocks' partial products
          // into the first, in k order, then the bias.
          const c = tidy(() => {
            let acc: Tensor | undefined;
            for (const ks of kSpans) {
              const ab = o.transA ? matrixBlock(a, t * m * k, m, ks.start, ks.end, rows.start, rows.end) : matrixBlock(a, t * m * k, k, rows.start, rows.end, ks.start, ks.end);
              const bb = o.transB ? matrixBlock(b, t * k * n, k, cols.start, cols.end, ks.start, ks.end) : matrixBlock(b, t * k * n, n, ks.start, ks.end, cols.start, cols.end);
              const p = product(host, ab, bb, { ...block, k: ks.end - ks.start }, 1, kSpans.length === 1 ? bias : undefined);
              if (acc) runKernel("Binary", [acc, p], { op: "add", inPlace: true });
              else acc = p;
            }
            if (kSpans.length > 1 && bias) runKernel("Binary", [acc!, host.engine.fromHost(bias, [bias.length])], { op: "add", inPlace: true });
            return relu(acc!);
          });
          placeBlock(out, t * m * n, n, rows.start, rows.end, cols.start, await readAndDispose(c));
        }
      }
    }
    return out;
  });
}
