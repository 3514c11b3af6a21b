/**
 * Worker entry of the CPU Swing kernels: claims ranges from a shared counter (dynamic
 * scheduling, since popular items cost far more than rare ones) until none remain.
 */
import type { WorkerReply } from "../cpu/worker-pool.ts";
import type { SwingWorkerMessage } from "./cpu-job.ts";
import { createSwingScratch, swingItems, type SwingScratch } from "./cpu-kernel.ts";
import { overlapRows } from "./cpu-overlaps.ts";

declare const self: Worker;

let scratch: SwingScratch | undefined;

self.onmessage = (e: MessageEvent<SwingWorkerMessage>) => {
  const reply = (m: WorkerReply) => self.postMessage(m);
  try {
    const { phase, job, next, block } = e.data;
    const total = phase === "overlaps" ? job.nUsers : job.order.length;
    if (phase === "items") scratch = createSwingScratch(job);
    for (;;) {
      const from = Atomics.add(next, 0, block);
      if (from >= total) break;
      const to = Math.min(total, from + block);
      if (phase === "overlaps") overlapRows(job, from, to);
      else swingItems(job, scratch!, from, to);
      reply({ type: "progress", items: to - from });
    }
    scratch = undefined; // the m×m matrices can be large: don't keep them between calls
    reply({ type: "done" });
  } catch (err) {
    scratch = undefined;
    reply({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
