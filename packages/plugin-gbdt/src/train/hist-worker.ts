/**
 * Worker of the parallel engine: polls the control block's `seq` for a short while (SPIN), then
 * sleeps on it (Atomics.wait); when a job is published it
 * claims chunks of it (parallel-layout.ts `claim`), runs each (`runChunk`: a histogram's features,
 * or a range of rows of the gradients, partition, gather or score update) and counts it in
 * `finished`. The calling thread claims from the same job, so a worker that is slow to wake costs
 * nothing but the chunks it actually took.
 */
import { workerData } from "node:worker_threads";
import { claim, CTRL, runChunk, SPIN, type SharedBuffers } from "./parallel-layout.ts";
import { wasmKernels } from "./wasm-hist.ts";

const sh = workerData as SharedBuffers;
// Its own instance of the WebAssembly kernels over the shared arena (when there is one).
const kernels = sh.memory ? wasmKernels(sh.memory) : null;
const ctrl = sh.ctrl;
Atomics.add(ctrl, CTRL.ready, 1);
Atomics.notify(ctrl, CTRL.ready);
let seen = 0;
for (;;) {
  let now = Atomics.load(ctrl, CTRL.seq);
  for (let i = 0; i < SPIN && now === seen; i++) now = Atomics.load(ctrl, CTRL.seq);
  if (now === seen) {
    Atomics.add(ctrl, CTRL.sleeping, 1);
    Atomics.wait(ctrl, CTRL.seq, seen);
    Atomics.sub(ctrl, CTRL.sleeping, 1);
  }
  seen = Atomics.load(ctrl, CTRL.seq);
  if (Atomics.load(ctrl, CTRL.quit) === 1) break;
  // Job fields are read only after a successful claim (inside runChunk): until its chunks are all
  // finished, the job cannot end, so they are stable then.
  for (let k = claim(ctrl); k >= 0; k = claim(ctrl)) {
    const built = runChunk(sh, k, kernels);
    if (built > 0) Atomics.add(ctrl, CTRL.workerBuilt, built);
    Atomics.add(ctrl, CTRL.finished, 1);
    if (Atomics.load(ctrl, CTRL.waiting) === 1) Atomics.notify(ctrl, CTRL.finished);
  }
}
