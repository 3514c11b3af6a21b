/**
 * The co-occurrence kernel shared by the main thread and the workers: for each item i of a
 * range, Gustavson's row-by-row product (users of i from the CSC, their items from the CSR)
 * accumulated into one dense row of nItems, then the top-N of the touched entries. Memory per
 * thread is a few arrays of nItems, never nItems².
 */
import type { CoocJob, CoocScratch } from "./cooccurrence-job.ts";
import { selectRow } from "./cooccurrence-select.ts";
import { createHeap, heapDrain } from "./heap.ts";

/** Pair updates item i costs: the summed row lengths of its users. */
function itemWork(job: CoocJob, i: number): number {
  let w = 0;
  for (let pu = job.colptr[i]!; pu < job.colptr[i + 1]!; pu++) {
    const u = job.colUsers[pu]!;
    w += job.indptr[u + 1]! - job.indptr[u]!;
  }
  return w;
}

/**
 * The hot loop of binary input (the co-count is the co-occurrence): count[j] += 1 for every
 * item j of every user in colUsers[from..to). A small function of typed arrays only, which JSC
 * compiles tighter than the general loop; unrolled by 4 (~10% faster).
 */
function countPairs(indptr: Int32Array, indices: Int32Array, from: number, to: number, colUsers: Int32Array, count: Int32Array): void {
  for (let pu = from; pu < to; pu++) {
    const u = colUsers[pu]!;
    const end = indptr[u + 1]!;
    let q = indptr[u]!;
    for (; q + 3 < end; q += 4) {
      const j0 = indices[q]!;
      const j1 = indices[q + 1]!;
      const j2 = indices[q + 2]!;
      const j3 = indices[q + 3]!;
      count[j0] = count[j0]! + 1;
      count[j1] = count[j1]! + 1;
      count[j2] = count[j2]! + 1;
      count[j3] = count[j3]! + 1;
    }
    for (; q < end; q++) {
      const j = indices[q]!;
      count[j] = count[j]! + 1;
    }
  }
}

/**
 * Accumulates row i of the co-occurrence into scratch (count: co-counts; acc: weighted sums,
 * left at zero for unweighted binary input). When `track` is true the distinct items touched are
 * listed in scratch.touched and their number returned; otherwise (a busy row, where scanning all
 * nItems afterwards is cheaper than a branch per update) nothing is listed and -1 is returned.
 * The caller must zero count/acc where they were touched.
 * @example
 * const nt = accumulateItem(job, scratch, 0, true);
 */
export function accumulateItem(job: CoocJob, s: CoocScratch, i: number, track: boolean): number {
  const { indptr, indices, values, colUsers, colScale } = job;
  const { acc, count, touched } = s;
  if (!track && !colScale) {
    countPairs(indptr, indices, job.colptr[i]!, job.colptr[i + 1]!, colUsers, count);
    return -1;
  }
  let nt = 0;
  for (let pu = job.colptr[i]!; pu < job.colptr[i + 1]!; pu++) {
    const u = colUsers[pu]!;
    const end = indptr[u + 1]!;
    const wx = colScale ? colScale[pu]! : 1;
    if (!track) {
      for (let q = indptr[u]!; q < end; q++) {
        const j = indices[q]!;
        count[j] = count[j]! + 1;
        acc[j] = acc[j]! + (values ? wx * values[q]! : wx);
      }
    } else {
      for (let q = indptr[u]!; q < end; q++) {
        const j = indices[q]!;
        const cj = count[j]!;
        count[j] = cj + 1;
        if (cj === 0) touched[nt++] = j;
        if (colScale) acc[j] = acc[j]! + (values ? wx * values[q]! : wx);
      }
    }
  }
  return track ? nt : -1;
}

/**
 * Computes the top-N lists of items [from, to) (within [job.firstItem, job.endItem)) into
 * job.outIds / job.outScores, item i at row i − job.firstItem.
 * @example
 * coocRange(job, createScratch(job.nItems), 0, job.nItems);
 */
export function coocRange(job: CoocJob, s: CoocScratch, from: number, to: number): void {
  const heap = createHeap(job.topN);
  const first = job.firstItem ?? 0;
  for (let i = from; i < to; i++) {
    const track = itemWork(job, i) < job.nItems;
    selectRow(job, s, heap, i, accumulateItem(job, s, i, track));
    heapDrain(heap, job.outIds, job.outScores, (i - first) * job.topN);
  }
}
