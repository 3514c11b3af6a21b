/**
 * The per-row work of a boosting round besides the histograms, written over a range of rows so
 * that the calling thread and the histogram workers can share it (parallel.ts cuts each job into
 * chunks of rows; the serial engine runs one range). Every output element is written by exactly one
 * range and computed as a serial pass would compute it, so the results do not depend on who ran
 * which chunk: the model stays the same bits with any number of threads.
 */
import { pointGradients } from "./objectives.ts";
import type { WasmKernels } from "./wasm-hist.ts";

/** The arrays the row jobs read and write (in SharedArrayBuffers under the parallel engine). */
export interface RowBuffers {
  /** Rows of the training matrix. */
  n: number;
  bins: Uint8Array | Uint16Array;
  /** Leaf ranges of row indices, and the partition's scratch of the same length. */
  rows: Int32Array;
  tmp: Int32Array;
  /** Gradients / hessians by row, and gathered in the order of rows[begin..] for a histogram build. */
  g: Float32Array;
  h: Float32Array;
  og: Float32Array;
  oh: Float32Array;
  score: Float64Array;
  label: Float32Array;
  /** Each in-bag row's leaf in the last tree (empty with more than 65,536 leaves). */
  leafOf: Uint16Array;
  /** Leaf values × learning rate; leaves' begins in ascending order with their indices. */
  values: Float64Array;
  leafBegin: Int32Array;
  leafIndex: Int32Array;
  /** 1 for the bins that go left in the split being applied. */
  goesLeft: Uint8Array;
  /** Σg, Σh of the last histogram build asked for them (the root's totals). */
  sums: Float64Array;
}

/** Objectives the row jobs compute gradients for (lambdarank works on whole groups: objectives.ts). */
export const POINTWISE = { none: 0, binary: 1, regression: 2 } as const;

/**
 * score[i] += values[leafOf[i]] for rows [a, b), then (objective ≠ none) the next round's gradients;
 * with `fill` also rows[i] = i (the next root's rows are all rows, in order; its histogram reads
 * g / h in place, no gathered copy).
 * @example addScoreRange(buf, POINTWISE.binary, 0, buf.n, true);
 */
export function addScoreRange(s: RowBuffers, objective: number, a: number, b: number, fill: boolean): void {
  const { score, leafOf, values } = s;
  if (objective === POINTWISE.binary && fill) {
    // The three passes below in one (the same operations on each row, so the same bits): the
    // scores are read once, not twice, and the rows written in the same sweep.
    const { label, g, h, rows } = s;
    for (let i = a; i < b; i++) {
      const x = score[i]! + values[leafOf[i]!]!;
      score[i] = x;
      const p = 1 / (1 + Math.exp(-x));
      g[i] = p - label[i]!;
      h[i] = Math.max(p * (1 - p), 1e-16);
      rows[i] = i;
    }
    return;
  }
  for (let i = a; i < b; i++) score[i]! += values[leafOf[i]!]!;
  if (objective !== POINTWISE.none) gradientRange(s, objective, a, b, fill);
}

/** g, h of rows [a, b) from the scores (and, with `fill`, the identity rows). */
export function gradientRange(s: RowBuffers, objective: number, a: number, b: number, fill: boolean): void {
  pointGradients(objective === POINTWISE.binary ? "binary" : "regression", s.score, s.label, s.g, s.h, a, b);
  if (!fill) return;
  const { rows } = s;
  for (let i = a; i < b; i++) rows[i] = i;
}

/**
 * leafOf[rows[i]] = the leaf whose range holds position i, for positions [a, b) of `rows`;
 * `leaves` ranges are given by leafBegin (ascending) / leafIndex.
 * @example markLeafRange(buf, 31, 0, count);
 */
export function markLeafRange(s: RowBuffers, leaves: number, a: number, b: number): void {
  const { rows, leafOf, leafBegin, leafIndex } = s;
  let k = 0;
  while (k + 1 < leaves && leafBegin[k + 1]! <= a) k++;
  for (let i = a; i < b;) {
    const end = k + 1 < leaves ? Math.min(b, leafBegin[k + 1]!) : b;
    const l = leafIndex[k]!;
    for (; i < end; i++) leafOf[rows[i]!] = l;
    k++;
  }
}

/** og/oh[i - begin] = g/h[rows[i]] for positions [a, b): a leaf's gradients in its rows' order (with `kernels`: in WebAssembly). */
export function gatherRange(s: RowBuffers, begin: number, a: number, b: number, kernels: WasmKernels | null = null): void {
  const { rows, g, h, og, oh } = s;
  if (kernels) { kernels.gather(rows.byteOffset + 4 * a, rows.byteOffset + 4 * b, g.byteOffset, h.byteOffset, og.byteOffset + 4 * (a - begin), oh.byteOffset + 4 * (a - begin)); return; }
  for (let i = a; i < b; i++) { const r = rows[i]!; og[i - begin] = g[r]!; oh[i - begin] = h[r]!; }
}

/**
 * First half of a stable partition of rows[a..b) on feature `f`: left rows to tmp[a..], right rows
 * after them (each in row order); returns the left count. Branch-free: the row is written to both
 * sides and only one cursor moves (a branch on the bin mispredicts often). With `kernels` (the
 * buffers in their memory) the loop runs in WebAssembly.
 * @example const nl = splitRange(buf, 3, 0, count);
 */
export function splitRange(s: RowBuffers, f: number, a: number, b: number, kernels: WasmKernels | null = null): number {
  const { rows, tmp, bins, goesLeft } = s;
  if (kernels && a < b) {
    // The same loop in WebAssembly (the buffers are in its memory: arena.ts).
    const w = bins.BYTES_PER_ELEMENT;
    const nl = kernels.split[w - 1]!(rows.byteOffset + 4 * a, rows.byteOffset + 4 * b, tmp.byteOffset + 4 * a, bins.byteOffset + w * f * s.n, goesLeft.byteOffset);
    tmp.subarray(a + nl, b).reverse();
    return nl;
  }
  const base = f * s.n;
  let l = a, r = b - 1;
  // Right rows are written from the end backwards, then reversed into row order.
  for (let i = a; i < b; i++) {
    const row = rows[i]!;
    const left = goesLeft[bins[base + row]!]!;
    tmp[l] = row;
    tmp[r] = row;
    l += left;
    r -= 1 - left;
  }
  tmp.subarray(l, b).reverse();
  return l - a;
}

/**
 * Second half: copies tmp[a..a+nl) to rows[dl..] and tmp[a+nl..b) to rows[dr..]; the rows that land
 * in [gBegin, gEnd) (the child whose histogram is built next) get their gradients gathered there.
 * @example placeRange(buf, 0, count, nl, 0, nlTotal, 0, nlTotal);
 */
export function placeRange(s: RowBuffers, a: number, b: number, nl: number, dl: number, dr: number, gBegin: number, gEnd: number, kernels: WasmKernels | null = null): void {
  const { rows, tmp } = s;
  rows.set(tmp.subarray(a, a + nl), dl);
  rows.set(tmp.subarray(a + nl, b), dr);
  for (const [from, to] of [[dl, dl + nl], [dr, dr + (b - a - nl)]] as const) {
    const lo = Math.max(from, gBegin), hi = Math.min(to, gEnd);
    if (lo < hi) gatherRange(s, gBegin, lo, hi, kernels);
  }
}
