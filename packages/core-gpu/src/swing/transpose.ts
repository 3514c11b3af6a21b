/** The transpose of a CSR pattern: user×item lists become item×user lists (values dropped). */
import type { Csr } from "../types.ts";

/**
 * Transposes the pattern of `x` (counting sort, O(nnz)); columns of each output row come out
 * sorted because rows are visited in order.
 * @example
 * transposePattern({ rows: 2, cols: 2, indptr: new Int32Array([0, 1, 2]), indices: new Int32Array([1, 1]) });
 * // { rows: 2, cols: 2, indptr: [0, 0, 2], indices: [0, 1] }
 */
export function transposePattern(x: Csr): Csr {
  const nnz = x.indptr[x.rows]!;
  const indptr = new Int32Array(x.cols + 1);
  for (let p = 0; p < nnz; p++) indptr[x.indices[p]! + 1]!++;
  for (let c = 0; c < x.cols; c++) indptr[c + 1]! += indptr[c]!;
  const fill = indptr.slice(0, x.cols);
  const indices = new Int32Array(nnz);
  for (let r = 0; r < x.rows; r++) {
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) indices[fill[x.indices[p]!]!++] = r;
  }
  return { rows: x.cols, cols: x.rows, indptr, indices };
}
