/**
 * The user-pair overlaps |I_u ∩ I_v| as a co-occurrence over users: for user u, every item j of
 * u adds one to each other user v of j. Only v > u is kept (the kernel reads the upper
 * triangle), and each thread owns whole rows, so no two threads write the same cell.
 */
import type { SwingJob } from "./cpu-job.ts";

/**
 * Fills rows [from, to) of job.overlaps (which must be zeroed).
 * @example
 * overlapRows(job, 0, job.nUsers);
 */
export function overlapRows(job: SwingJob, from: number, to: number): void {
  const o = job.overlaps;
  if (!o) throw new Error("swing overlaps: the job has no overlap matrix");
  const { uptr, uitems, fullPtr, fullUsers, nUsers } = job;
  for (let u = from; u < to; u++) {
    const base = u * nUsers;
    for (let p = uptr[u]!; p < uptr[u + 1]!; p++) {
      const j = uitems[p]!;
      const end = fullPtr[j + 1]!;
      // fullUsers rows are ascending: binary-search the first v > u.
      let q = fullPtr[j]!;
      let hi = end;
      while (q < hi) {
        const mid = (q + hi) >>> 1;
        if (fullUsers[mid]! <= u) q = mid + 1;
        else hi = mid;
      }
      for (; q < end; q++) o[base + fullUsers[q]!]!++;
    }
  }
}
