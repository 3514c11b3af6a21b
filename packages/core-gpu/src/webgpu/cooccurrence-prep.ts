/**
 * Host-side preparation of co-occurrence: the user×item CSR cut into user chunks that fit a
 * binding, each with its item-major (CSC) entry list so a block of items finds its users as
 * one contiguous range.
 */
import type { Csr } from "../types.ts";

/** One chunk of users [u0, u1) ready for upload. */
export interface UserChunk {
  /** indptr[u0..u1] (values are global entry positions; subtract `base`). */
  indptr: Int32Array;
  base: number;
  indices: Int32Array;
  /** x values of the chunk's entries (all ones when the CSR has none). */
  values: Float32Array;
  /** Item-major entries: item i owns positions cscPtr[i]..cscPtr[i+1]. */
  cscPtr: Int32Array;
  /** Chunk-relative user of each item-major entry. */
  cscUser: Int32Array;
  /** Chunk-relative position of each item-major entry in the user's row (indices[pos] = item). */
  cscPos: Int32Array;
  /** w_u · x_ui of each item-major entry. */
  cscWeight: Float32Array;
}

/**
 * Splits users into chunks whose entries (and indptr) fit `maxEntries`, and builds each
 * chunk's CSC with a counting sort.
 * @example
 * const chunks = userChunks(x, undefined, 1 << 25);
 */
export function userChunks(x: Csr, rowWeights: Float32Array | undefined, maxEntries: number): UserChunk[] {
  const chunks: UserChunk[] = [];
  let u0 = 0;
  while (u0 < x.rows || (chunks.length === 0 && u0 === x.rows)) {
    let u1 = u0;
    // Grow while the entries and the indptr (users + 1) still fit; a user always fits alone
    // because a row holds at most cols ≤ … entries, checked by the caller's column spans.
    while (u1 < x.rows && u1 - u0 + 2 <= maxEntries && x.indptr[u1 + 1]! - x.indptr[u0]! <= maxEntries) u1++;
    if (u1 === u0 && u0 < x.rows) u1 = u0 + 1;
    chunks.push(buildChunk(x, rowWeights, u0, u1));
    if (u1 === x.rows) break;
    u0 = u1;
  }
  return chunks;
}

function buildChunk(x: Csr, rowWeights: Float32Array | undefined, u0: number, u1: number): UserChunk {
  const base = x.indptr[u0]!;
  const end = x.indptr[u1]!;
  const nnz = end - base;
  const indices = x.indices.subarray(base, end);
  const values = x.values ? x.values.subarray(base, end) : new Float32Array(nnz).fill(1);
  const cscPtr = new Int32Array(x.cols + 1);
  for (let e = 0; e < nnz; e++) cscPtr[indices[e]! + 1]!++;
  for (let i = 0; i < x.cols; i++) cscPtr[i + 1]! += cscPtr[i]!;
  const fill = cscPtr.slice(0, x.cols);
  const cscUser = new Int32Array(nnz);
  const cscPos = new Int32Array(nnz);
  const cscWeight = new Float32Array(nnz);
  for (let u = u0; u < u1; u++) {
    const w = rowWeights ? rowWeights[u]! : 1;
    for (let p = x.indptr[u]! - base; p < x.indptr[u + 1]! - base; p++) {
      const i = indices[p]!;
      const at = fill[i]!++;
      cscUser[at] = u - u0;
      cscPos[at] = p;
      cscWeight[at] = w * values[p]!;
    }
  }
  return { indptr: x.indptr.subarray(u0, u1 + 1), base, indices, values, cscPtr, cscUser, cscPos, cscWeight };
}
