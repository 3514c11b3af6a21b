/**
 * Top-N selection for one accumulated co-occurrence row: the pair transform, minCount and the
 * self-pair exclusion, then the bounded heap.
 */
import type { CoocJob, CoocScratch } from "./cooccurrence-job.ts";
import { heapPush, type TopHeap } from "./heap.ts";

/** Transformed score of pair (i, j) from its co-occurrence c; si = statI[i]. */
function pairScore(job: CoocJob, c: number, si: number, j: number): number {
  switch (job.transform) {
    case 1:
      return c / (si * job.statI![j]! + job.shrink);
    case 2:
      return c / (si + job.statI![j]! - c + job.shrink);
    case 3:
      return c / (si * job.statJ![j]! + job.shrink);
    default:
      return c;
  }
}

/**
 * Offers item i's accumulated row to the heap and zeroes the scratch it used: the touched list
 * when `nt` ≥ 0, else a scan of the whole row (a busy row; then the reset is a memset).
 * Most candidates lose to the heap's root, so each is compared with it before a heap call.
 * @example
 * selectRow(job, scratch, heap, i, accumulateItem(job, scratch, i, true));
 */
export function selectRow(job: CoocJob, s: CoocScratch, heap: TopHeap, i: number, nt: number): void {
  const { acc, count, touched } = s;
  const { minCount, nItems } = job;
  const weighted = job.colScale !== undefined;
  const si = job.statI ? job.statI[i]! : 0;
  let threshold = job.topN === 0 ? Infinity : -Infinity;
  if (nt < 0 && !weighted && job.transform === 0) {
    // Binary input, raw counts: the commonest case, kept branch-light.
    for (let j = 0; j < nItems; j++) {
      const cc = count[j]!;
      if (cc >= minCount && cc >= threshold && j !== i) threshold = heapPush(heap, cc, j);
    }
  } else {
    const end = nt < 0 ? nItems : nt;
    for (let t = 0; t < end; t++) {
      const j = nt < 0 ? t : touched[t]!;
      const cc = count[j]!;
      if (cc < minCount || j === i) continue;
      const score = Math.fround(pairScore(job, weighted ? acc[j]! : cc, si, j));
      if (score >= threshold) threshold = heapPush(heap, score, j);
    }
  }
  if (nt < 0) {
    count.fill(0);
    if (weighted) acc.fill(0);
  } else {
    for (let t = 0; t < nt; t++) {
      count[touched[t]!] = 0;
      acc[touched[t]!] = 0;
    }
  }
}
