/**
 * The CPU Swing kernel for one item i, in three passes over its users S_i (local index a):
 *  1. group: for every item j, the list C_j of local users a whose items include j (a counting
 *     sort of the users' item lists, so each C_j comes out ascending);
 *  2. pair weights: K[a,b] = w_a·w_b / (α + |I_a ∩ I_b|) for a < b (a packed triangle), the
 *     overlaps read from the global user×user matrix, or counted here from the C_j lists when
 *     there is none;
 *  3. scores: s(i,j) = 2·Σ_{p<q} K[C_j[p], C_j[q]], then a bounded heap keeps the top N.
 * Pass 3 touches each (j, pair of users sharing j) once: Σ_j |C_j|²/2 reads of a dense m×m
 * matrix that stays in cache, instead of one sorted-list intersection per user pair.
 */
import { createHeap, heapDrain, heapPush, type TopHeap } from "../cpu/heap.ts";
import type { SwingJob } from "./cpu-job.ts";

/** Per-thread scratch, reused across items. */
export interface SwingScratch {
  /** Per item: users counted in pass 1, then the fill cursor of C_j (−1: list dropped). */
  cnt: Int32Array;
  start: Int32Array;
  touched: Int32Array;
  lists: Int32Array;
  /** The m×m pair weights' upper triangle, packed row by row: (a, b > a) at tri(a, m) + b. */
  pairK: Float32Array;
  /** The local overlaps, packed alike (only without a global overlap matrix). */
  pairO: Int32Array | undefined;
  localW: Float64Array;
  heap: TopHeap;
}

/**
 * Scratch for a job: a few arrays of nItems plus two packed m×m triangles (4·m² bytes in all)
 * for the item with the most users m.
 * @example
 * const s = createSwingScratch(job);
 */
export function createSwingScratch(job: SwingJob): SwingScratch {
  const m = job.maxUsers;
  const pairs = (m * (m - 1)) / 2;
  return {
    cnt: new Int32Array(job.nItems),
    start: new Int32Array(job.nItems),
    touched: new Int32Array(job.nItems),
    lists: new Int32Array(1024),
    pairK: new Float32Array(pairs),
    pairO: job.overlaps ? undefined : new Int32Array(pairs),
    localW: new Float64Array(m),
    heap: createHeap(job.topN),
  };
}

/** Pass 1: groups the item's users by item; returns the number of touched items. */
function groupUsers(job: SwingJob, s: SwingScratch, s0: number, m: number): number {
  const { uptr, uitems, iusers } = job;
  const { cnt, start, touched } = s;
  let nt = 0;
  for (let a = 0; a < m; a++) {
    const u = iusers[s0 + a]!;
    for (let p = uptr[u]!; p < uptr[u + 1]!; p++) {
      const j = uitems[p]!;
      if (cnt[j]!++ === 0) touched[nt++] = j;
    }
  }
  let total = 0;
  for (let t = 0; t < nt; t++) {
    const j = touched[t]!;
    const c = cnt[j]!;
    // A list of one user holds no pair: it can neither score nor add to an overlap.
    if (c >= 2) {
      start[j] = total;
      cnt[j] = total;
      total += c;
    } else cnt[j] = -1;
  }
  if (s.lists.length < total) s.lists = new Int32Array(Math.max(total, 2 * s.lists.length));
  const lists = s.lists;
  for (let a = 0; a < m; a++) {
    const u = iusers[s0 + a]!;
    for (let p = uptr[u]!; p < uptr[u + 1]!; p++) {
      const j = uitems[p]!;
      const f = cnt[j]!;
      if (f >= 0) {
        lists[f] = a;
        cnt[j] = f + 1;
      }
    }
  }
  return nt;
}

/**
 * Offset of row a in the packed upper triangle of an m×m matrix: pair (a, b > a) sits at
 * tri(a, m) + b, so the inner loops add one index as they would in a square matrix.
 */
function tri(a: number, m: number): number {
  return a * m - (a * (a + 1)) / 2 - a - 1;
}

/** Pass 2: pair weights of the item's users into s.pairK (upper triangle). */
function pairWeights(job: SwingJob, s: SwingScratch, s0: number, m: number, nt: number): void {
  const { iusers, weights, alpha, overlaps, nUsers } = job;
  const { pairK, localW } = s;
  for (let a = 0; a < m; a++) localW[a] = weights ? weights[iusers[s0 + a]!]! : 1;
  if (overlaps) {
    for (let a = 0; a < m; a++) {
      const base = iusers[s0 + a]! * nUsers;
      const wa = localW[a]!;
      const row = tri(a, m);
      for (let b = a + 1; b < m; b++) pairK[row + b] = (wa * localW[b]!) / (alpha + overlaps[base + iusers[s0 + b]!]!);
    }
    return;
  }
  const pairO = s.pairO!;
  pairO.fill(0, 0, (m * (m - 1)) / 2);
  const { cnt, start, touched, lists } = s;
  for (let t = 0; t < nt; t++) {
    const j = touched[t]!;
    const end = cnt[j]!;
    if (end < 0) continue;
    for (let p = start[j]!; p < end - 1; p++) {
      const row = tri(lists[p]!, m);
      for (let q = p + 1; q < end; q++) pairO[row + lists[q]!]!++;
    }
  }
  for (let a = 0; a < m; a++) {
    const wa = localW[a]!;
    const row = tri(a, m);
    for (let b = a + 1; b < m; b++) pairK[row + b] = (wa * localW[b]!) / (alpha + pairO[row + b]!);
  }
}

/** Pass 3: scores every touched item j ≠ i and offers it to the heap. */
function scoreItems(job: SwingJob, s: SwingScratch, i: number, m: number, nt: number): void {
  const { cnt, start, touched, lists, pairK, heap } = s;
  const cw = job.candidateWeights;
  for (let t = 0; t < nt; t++) {
    const j = touched[t]!;
    const end = cnt[j]!;
    cnt[j] = 0;
    if (end < 0 || j === i) continue;
    // Four accumulators: one would chain every add on the previous one's latency.
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let p = start[j]!; p < end - 1; p++) {
      const row = tri(lists[p]!, m);
      let q = p + 1;
      for (; q + 3 < end; q += 4) {
        a0 += pairK[row + lists[q]!]!;
        a1 += pairK[row + lists[q + 1]!]!;
        a2 += pairK[row + lists[q + 2]!]!;
        a3 += pairK[row + lists[q + 3]!]!;
      }
      for (; q < end; q++) a0 += pairK[row + lists[q]!]!;
    }
    heapPush(heap, Math.fround(2 * (a0 + a1 + (a2 + a3)) * (cw ? cw[j]! : 1)), j);
  }
}

/**
 * Computes the top-N lists of the items at positions [from, to) of job.order, item i at row
 * i − job.firstItem of the outputs.
 * @example
 * swingItems(job, createSwingScratch(job), 0, job.nItems);
 */
export function swingItems(job: SwingJob, s: SwingScratch, from: number, to: number): void {
  for (let pos = from; pos < to; pos++) {
    const i = job.order[pos]!;
    const s0 = job.iptr[i]!;
    const m = job.iptr[i + 1]! - s0;
    if (m >= 2) {
      const nt = groupUsers(job, s, s0, m);
      pairWeights(job, s, s0, m, nt);
      scoreItems(job, s, i, m, nt);
    }
    heapDrain(s.heap, job.outIds, job.outScores, (i - job.firstItem) * job.topN);
  }
}
