/**
 * Histogram worker: sleeps on the control block's `seq`; when a job is published it claims chunks
 * of CHUNK features of the current job's list (parallel-layout.ts `claim`), builds each into the
 * shared histogram slot, and counts it in `finished`. The calling thread claims from the same list,
 * so a worker that is slow to wake costs nothing but the features it actually took.
 */
import { workerData } from "node:worker_threads";
import { buildFeatureRange } from "./histogram.ts";
import { CHUNK, claim, CTRL, type SharedBuffers } from "./parallel-layout.ts";

const d = workerData as SharedBuffers & { index: number };
const data = { rows: d.rowsTotal, bins: d.bins, histOffset: d.histOffset };
const ctrl = d.ctrl;
const slotLength = d.histSlots * 3;
const features = ctrl.subarray(CTRL.features);
Atomics.add(ctrl, CTRL.ready, 1);
Atomics.notify(ctrl, CTRL.ready);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, CTRL.seq, seen);
  seen = Atomics.load(ctrl, CTRL.seq);
  if (Atomics.load(ctrl, CTRL.quit) === 1) break;
  // Job fields are read only after a successful claim: until its features are all finished, the
  // job cannot end, so they are stable then.
  for (let k = claim(ctrl); k >= 0; k = claim(ctrl)) {
    const slot = ctrl[CTRL.slot]!;
    const from = k * CHUNK, to = Math.min(ctrl[CTRL.nf]!, from + CHUNK);
    buildFeatureRange(data, features, from, to, d.rows, ctrl[CTRL.begin]!, ctrl[CTRL.count]!, d.og, d.oh, d.hists.subarray(slot * slotLength, (slot + 1) * slotLength));
    Atomics.add(ctrl, CTRL.workerBuilt, to - from);
    Atomics.add(ctrl, CTRL.finished, 1);
    Atomics.notify(ctrl, CTRL.finished);
  }
}
