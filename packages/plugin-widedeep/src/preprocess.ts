/**
 * The fitted preprocessing of a Wide & Deep model: each sparse field's slice of the one deep
 * embedding table (rows = largest fitted value + 1, capped; a value's row is value mod rows, so an
 * unseen larger value at serving time wraps instead of failing), the sequence's slice, and the
 * dense columns' transform (sign·log1p(|x|), then standardised with the fitting rows' mean and
 * standard deviation, NaN → 0). The ONNX export embeds exactly these constants.
 */
import type { Column, Table } from "@shortlist/runner";
import type { ModelColumns } from "./columns.ts";

export interface Preprocessing {
  columns: ModelColumns;
  /** Rows of each sparse field's table slice, and where the slice starts. */
  fieldRows: number[];
  fieldOffset: number[];
  /** The sequence's slice (a field's own, when it shares one). */
  seqRows: number;
  seqOffset: number;
  /** Rows of the whole deep table. */
  deepRows: number;
  denseLog: boolean;
  denseMean: number[];
  denseStd: number[];
  wideBuckets: number;
}

/** Rows a field's values need: largest value + 1 (≥ 1), or the cap when a value is negative or larger. */
function rowsFor(cols: Column[], rows: Int32Array, cap: number): number {
  let max = 0;
  for (const c of cols) {
    for (const r of rows) {
      const v = c[r] as number;
      if (v < 0) return cap;
      if (v > max) max = v;
    }
  }
  return Math.min(max + 1, cap);
}

/** sign(x)·log1p(|x|) when `log`, else x. */
export function denseTransform(x: number, log: boolean): number {
  return log ? Math.sign(x) * Math.log1p(Math.abs(x)) : x;
}

/**
 * Fits the preprocessing on rows `fitRows` of `t`.
 * @example
 * const pre = fitPreprocessing(samples, trainRows, cols, { embeddingRows: 100_000, denseLog: true, wideBuckets: 1 << 20 });
 */
export function fitPreprocessing(t: Table, fitRows: Int32Array, columns: ModelColumns, o: { embeddingRows: number; denseLog: boolean; wideBuckets: number }): Preprocessing {
  const fieldRows = columns.sparse.map((c) => rowsFor([t.columns[c]!], fitRows, o.embeddingRows));
  const fieldOffset: number[] = [];
  let deepRows = 0;
  for (const r of fieldRows) {
    fieldOffset.push(deepRows);
    deepRows += r;
  }
  let seqRows = 0;
  let seqOffset = 0;
  if (columns.sequence.length > 0) {
    if (columns.sequenceShares >= 0) {
      seqRows = fieldRows[columns.sequenceShares]!;
      seqOffset = fieldOffset[columns.sequenceShares]!;
    } else {
      seqRows = rowsFor(columns.sequence.map((c) => t.columns[c]!), fitRows, o.embeddingRows);
      seqOffset = deepRows;
      deepRows += seqRows;
    }
  }
  const denseMean: number[] = [];
  const denseStd: number[] = [];
  for (const c of columns.dense) {
    const col = t.columns[c]!;
    let n = 0, s = 0, ss = 0;
    for (const r of fitRows) {
      const v = denseTransform(col[r] as number, o.denseLog);
      if (!Number.isFinite(v)) continue;
      n++;
      s += v;
      ss += v * v;
    }
    const mean = n > 0 ? s / n : 0;
    const sd = n > 0 ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0;
    denseMean.push(mean);
    denseStd.push(sd > 1e-12 ? sd : 1);
  }
  return { columns, fieldRows, fieldOffset, seqRows, seqOffset, deepRows, denseLog: o.denseLog, denseMean, denseStd, wideBuckets: o.wideBuckets };
}
