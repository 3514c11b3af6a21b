/**
 * Rows of a table → the arrays a training step reads: wide bucket ids [n, W], deep table rows
 * [n, F], sequence rows [n, L] (−1 on padding, i.e. id 0), standardised dense values [n, D].
 * Computed once per table so an epoch only slices them.
 */
import type { Table } from "@shortlist/runner";
import { modPos, wideBucket } from "./hashing.ts";
import { denseTransform, type Preprocessing } from "./preprocess.ts";

export interface Encoded {
  n: number;
  wide: Int32Array;
  deep: Int32Array;
  seq: Int32Array;
  dense: Float32Array;
  label: Float32Array;
}

/** Standardised dense value; NaN (missing) becomes 0, the fitted mean. */
export function denseValue(pre: Preprocessing, d: number, x: number): number {
  const z = (denseTransform(x, pre.denseLog) - pre.denseMean[d]!) / pre.denseStd[d]!;
  return Number.isNaN(z) ? 0 : z;
}

/**
 * Encodes rows `rows` of `t` (labels from `labelColumn` when present, else 0).
 * @example
 * const train = encodeRows(samples, trainRows, pre);
 */
export function encodeRows(t: Table, rows: Int32Array, pre: Preprocessing, labelColumn = "label"): Encoded {
  const { sparse, dense, sequence, wide } = pre.columns;
  const n = rows.length;
  const W = wide.length, F = sparse.length, L = sequence.length, D = dense.length;
  const out: Encoded = { n, wide: new Int32Array(n * W), deep: new Int32Array(n * F), seq: new Int32Array(n * L), dense: new Float32Array(n * D), label: new Float32Array(n) };
  const wideCols = wide.map((cs) => cs.map((c) => t.columns[c]! as ArrayLike<number>));
  const values: number[] = [];
  wideCols.forEach((cols, k) => {
    for (let i = 0; i < n; i++) {
      values.length = 0;
      for (const c of cols) values.push(c[rows[i]!]!);
      out.wide[i * W + k] = wideBucket(k, values, pre.wideBuckets);
    }
  });
  sparse.forEach((c, f) => {
    const col = t.columns[c]! as ArrayLike<number>;
    for (let i = 0; i < n; i++) out.deep[i * F + f] = pre.fieldOffset[f]! + modPos(col[rows[i]!]!, pre.fieldRows[f]!);
  });
  sequence.forEach((c, l) => {
    const col = t.columns[c]! as ArrayLike<number>;
    for (let i = 0; i < n; i++) {
      const v = col[rows[i]!]!;
      out.seq[i * L + l] = v === 0 ? -1 : pre.seqOffset + modPos(v, pre.seqRows);
    }
  });
  dense.forEach((c, d) => {
    const col = t.columns[c]! as ArrayLike<number>;
    for (let i = 0; i < n; i++) out.dense[i * D + d] = denseValue(pre, d, col[rows[i]!]!);
  });
  const label = t.columns[labelColumn] as ArrayLike<number> | undefined;
  if (label) for (let i = 0; i < n; i++) out.label[i] = label[rows[i]!]!;
  return out;
}
