/**
 * Worker entry for co-occurrence: claims blocks of items from a shared counter (dynamic
 * scheduling, since popular items cost far more than rare ones) until none remain.
 */
import { createScratch, type CoocJob, type CoocScratch } from "./cooccurrence-job.ts";
import { coocRange } from "./cooccurrence-kernel.ts";
import type { WorkerReply } from "./worker-pool.ts";

declare const self: Worker;

/** A job as posted: the kernel's arrays plus the shared block counter. */
export interface CoocWorkerJob {
  job: CoocJob;
  /** Next item to claim: starts at job.firstItem; claims stop at job.endItem. */
  next: Int32Array;
  blockItems: number;
}

let scratch: CoocScratch | undefined;

self.onmessage = (e: MessageEvent<CoocWorkerJob>) => {
  const reply = (m: WorkerReply) => self.postMessage(m);
  try {
    const { job, next, blockItems } = e.data;
    if (!scratch || scratch.acc.length !== job.nItems) scratch = createScratch(job.nItems);
    const end = job.endItem ?? job.nItems;
    for (;;) {
      const from = Atomics.add(next, 0, blockItems);
      if (from >= end) break;
      const to = Math.min(end, from + blockItems);
      coocRange(job, scratch, from, to);
      reply({ type: "progress", items: to - from });
    }
    reply({ type: "done" });
  } catch (err) {
    scratch = undefined; // may hold partial sums
    reply({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
