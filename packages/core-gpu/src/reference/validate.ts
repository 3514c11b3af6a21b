/**
 * Input checks shared by every backend. Bad input gets a RangeError that says what was found and
 * what was expected, before any output is touched (so a failed call changes nothing).
 */
import type { Csr, MatmulOptions } from "../types.ts";

function fail(what: string, found: string, expected: string): never {
  throw new RangeError(`${what}: found ${found}, expected ${expected}`);
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) fail(what, String(n), "a non-negative integer");
}

/**
 * Checks a matmul's shapes and returns the batch count.
 * @example
 * const batch = checkMatmul(a, b, { m: 2, n: 3, k: 4 }); // 1
 */
export function checkMatmul(a: Float32Array, b: Float32Array, o: MatmulOptions): number {
  const batch = o.batch ?? 1;
  checkCount("matmul m", o.m);
  checkCount("matmul n", o.n);
  checkCount("matmul k", o.k);
  checkCount("matmul batch", batch);
  if (a.length !== batch * o.m * o.k) fail("matmul A length", String(a.length), `batch·m·k = ${batch * o.m * o.k}`);
  if (b.length !== batch * o.k * o.n) fail("matmul B length", String(b.length), `batch·k·n = ${batch * o.k * o.n}`);
  if (o.bias && o.bias.length !== o.n) fail("matmul bias length", String(o.bias.length), `n = ${o.n}`);
  if (o.out && o.out.length !== batch * o.m * o.n) fail("matmul out length", String(o.out.length), `batch·m·n = ${batch * o.m * o.n}`);
  return batch;
}

/**
 * Checks that `ids` index rows of a table of `rowCount` rows; returns nothing or throws a RangeError.
 * @example
 * checkIds(new Int32Array([0, 2]), 3, "gather ids");
 */
export function checkIds(ids: Int32Array, rowCount: number, what: string): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= rowCount) fail(`${what}[${i}]`, String(id), `an id in [0, ${rowCount})`);
  }
}

/**
 * Checks a table of rows of width `dim` and returns its row count.
 * @example
 * checkTable(new Float32Array(6), 2, "gather table"); // 3
 */
export function checkTable(table: Float32Array, dim: number, what: string): number {
  if (!Number.isInteger(dim) || dim <= 0) fail(`${what} dim`, String(dim), "a positive integer");
  if (table.length % dim !== 0) fail(`${what} length`, String(table.length), `a multiple of dim = ${dim}`);
  return table.length / dim;
}

/**
 * Checks a CSR matrix fully (O(nnz)): indptr monotone from 0 to nnz, indices in range, sorted, unique.
 * `shape` optionally pins rows × cols.
 * @example
 * checkCsr({ rows: 1, cols: 3, indptr: new Int32Array([0, 2]), indices: new Int32Array([0, 2]) }, "x");
 */
export function checkCsr(x: Csr, what: string, shape?: { rows: number; cols: number }): void {
  checkCount(`${what} rows`, x.rows);
  checkCount(`${what} cols`, x.cols);
  if (shape && (x.rows !== shape.rows || x.cols !== shape.cols)) {
    fail(`${what} shape`, `${x.rows}×${x.cols}`, `${shape.rows}×${shape.cols}`);
  }
  if (x.indptr.length !== x.rows + 1) fail(`${what} indptr length`, String(x.indptr.length), `rows + 1 = ${x.rows + 1}`);
  if (x.indptr[0] !== 0) fail(`${what} indptr[0]`, String(x.indptr[0]), "0");
  const nnz = x.indptr[x.rows]!;
  if (nnz !== x.indices.length) fail(`${what} indptr[rows]`, String(nnz), `indices.length = ${x.indices.length}`);
  if (x.values && x.values.length !== nnz) fail(`${what} values length`, String(x.values.length), `nnz = ${nnz}`);
  for (let r = 0; r < x.rows; r++) {
    const start = x.indptr[r]!;
    const end = x.indptr[r + 1]!;
    if (end < start) fail(`${what} indptr[${r + 1}]`, String(end), `≥ indptr[${r}] = ${start}`);
    let prev = -1;
    for (let p = start; p < end; p++) {
      const c = x.indices[p]!;
      if (c <= prev || c >= x.cols) {
        fail(`${what} row ${r} column index`, String(c), `sorted unique columns in [0, ${x.cols})`);
      }
      prev = c;
    }
  }
}

/**
 * Checks a top-K request's counts.
 * @example
 * checkTopK(new Float32Array(6), 2, 3, 2);
 */
export function checkTopK(scores: Float32Array, rows: number, cols: number, k: number): void {
  checkCount("topK rows", rows);
  checkCount("topK cols", cols);
  checkCount("topK k", k);
  if (scores.length !== rows * cols) fail("topK scores length", String(scores.length), `rows·cols = ${rows * cols}`);
}

/**
 * Checks the operand lengths of a scoreTopK (q is nq×dim, keys nk×dim).
 * @example
 * checkScoreOperands(q, 2, keys, 3, 4); // q.length 8, keys.length 12
 */
export function checkScoreOperands(q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number): void {
  if (q.length !== nq * dim) fail("scoreTopK q length", String(q.length), `nq·dim = ${nq * dim}`);
  if (keys.length !== nk * dim) fail("scoreTopK keys length", String(keys.length), `nk·dim = ${nk * dim}`);
}

/**
 * Checks a per-row weight vector (per-user weights of a co-occurrence).
 * @example
 * checkLength(new Float32Array(3), 3, "rowWeights");
 */
export function checkLength(v: Float32Array | undefined, n: number, what: string): void {
  if (v && v.length !== n) fail(`${what} length`, String(v.length), String(n));
}

export { checkCount };

/**
 * Checks an `items` range option (dense item ids [from, to) of a catalogue of nItems) and returns
 * it, or the whole catalogue when absent. A RangeError names the option and the values found.
 * @example
 * checkItemRange({ from: 10, to: 20 }, 100, "swing items"); // { from: 10, to: 20 }
 */
export function checkItemRange(items: { from: number; to: number } | undefined, nItems: number, what: string): { from: number; to: number } {
  if (!items) return { from: 0, to: nItems };
  const { from, to } = items;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > nItems || from > to) {
    fail(what, `{ from: ${from}, to: ${to} }`, `integers with 0 ≤ from ≤ to ≤ nItems = ${nItems}`);
  }
  return { from, to };
}
