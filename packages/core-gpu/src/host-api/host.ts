/**
 * What the host-array `Backend` methods (matmul, gather, embeddingBag, scatterAdd) need to run
 * as thin wrappers over the tensor path: an engine, the largest chunk one kernel call may take,
 * and how a call's device work is wrapped. Plus the host-side helpers they share.
 */
import type { Tensor, TensorEngine } from "../tensor/tensor.ts";
import { type Span } from "../webgpu/dispatch-grid.ts";
import { matrixBlock } from "../webgpu/host-blocks.ts";

export interface TensorHost {
  engine: TensorEngine;
  /**
   * Elements (f32/i32) one batch-sized tensor of a kernel call may hold: one storage binding and
   * one dispatch's worth on WebGPU (`GpuRuntime.maxElems`), Infinity on the CPU. Wrappers split
   * their work so every operand stays within it.
   */
  maxElems: number;
  /**
   * Runs one call's device work after its host-side checks passed: `GpuRuntime.op` on WebGPU
   * (serialised, GPU errors become GpuErrors naming `kernel`), a liveness check on the CPU.
   */
  run<T>(kernel: string, body: () => Promise<T>): Promise<T>;
}

/** The distinct table rows a chunk of ids touches and the ids renumbered to them. */
export interface CompactIds {
  /** Distinct ids, in order of first appearance. */
  rows: Int32Array;
  /** ids[i] is rows[local[i]]. */
  local: Int32Array;
}

/**
 * Renumbers ids to the distinct rows they touch, so a call uploads (and, for scatterAdd, reads
 * back) only those rows: transfers stay O(ids), not O(table).
 * @example
 * compactIds(new Int32Array([5, 2, 5])); // rows [5, 2], local [0, 1, 0]
 */
export function compactIds(ids: Int32Array): CompactIds {
  const slot = new Map<number, number>();
  const rows: number[] = [];
  const local = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    let s = slot.get(id);
    if (s === undefined) {
      s = rows.length;
      slot.set(id, s);
      rows.push(id);
    }
    local[i] = s;
  }
  return { rows: Int32Array.from(rows), local };
}

/**
 * Columns [c0, c1) of the given rows of a row-major table of width `dim`, as a contiguous array.
 * @example
 * rowsBlock(new Float32Array([1, 2, 3, 4, 5, 6]), 2, new Int32Array([2, 0]), 0, 2); // [5, 6, 1, 2]
 */
export function rowsBlock(table: Float32Array, dim: number, rows: Int32Array, c0: number, c1: number): Float32Array {
  const w = c1 - c0;
  const out = new Float32Array(rows.length * w);
  for (let s = 0; s < rows.length; s++) out.set(table.subarray(rows[s]! * dim + c0, rows[s]! * dim + c1), s * w);
  return out;
}

/**
 * Reads a tensor to the host and disposes it (also when the read fails).
 * @example
 * const values = await readAndDispose(c);
 */
export async function readAndDispose(t: Tensor): Promise<Float32Array> {
  try {
    return (await t.read()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/**
 * Columns `cols` of the table rows a chunk of ids needs, and the ids that index them: the touched
 * rows compacted, or the whole table when the ids outnumber its rows (no cheaper to compact).
 * @example
 * const t = tableFor(table, 8, 1000, ids, { start: 0, end: 8 }); // t.data is t.rows × 8
 */
export function tableFor(table: Float32Array, dim: number, tableRows: number, ids: Int32Array, cols: Span) {
  if (ids.length >= tableRows) return { data: matrixBlock(table, 0, dim, 0, tableRows, cols.start, cols.end), rows: tableRows, ids };
  const c = compactIds(ids);
  return { data: rowsBlock(table, dim, c.rows, cols.start, cols.end), rows: c.rows.length, ids: c.local };
}

/**
 * Bags [start, end) whose offsets, outputs and ids each fit `maxElems`; a bag with more ids
 * than that comes alone (the caller splits its ids).
 * @example
 * bagGroups(Int32Array.from([0, 2, 2, 9]), 4, 8); // [{ start: 0, end: 2 }, { start: 2, end: 3 }]
 */
export function bagGroups(offsets: Int32Array, width: number, maxElems: number): Span[] {
  const maxBags = Math.max(1, Math.min(Math.floor(maxElems / width), maxElems - 1));
  const out: Span[] = [];
  for (let start = 0, nBags = offsets.length - 1; start < nBags; ) {
    let end = start + 1;
    while (end < nBags && end - start < maxBags && offsets[end + 1]! - offsets[start]! <= maxElems) end++;
    out.push({ start, end });
    start = end;
  }
  return out;
}
