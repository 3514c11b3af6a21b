/**
 * Histogram building over worker threads on shared memory. The bins, row indices, gathered
 * gradients and every histogram buffer live in SharedArrayBuffers. A build writes the job (slot,
 * row range, feature list) into an Int32 control block, opens its claim word, bumps `seq`
 * and wakes the workers (Atomics.notify); then the calling thread and the workers claim chunks of
 * CHUNK features from the same list and build each whole, in row order — so results equal the
 * serial engine's bit for bit, whoever builds what. The calling thread waits only for chunks a
 * worker has claimed and not finished: on a loaded machine, where a woken worker may not run for
 * a while, it simply builds the rest itself instead of waiting (a static split measured slower than
 * no workers at all there). Synchronous (Atomics.wait) because training is a synchronous loop.
 * Small builds (fewer than MIN_PARALLEL row × feature cells) stay on the calling thread.
 */
import type { BinnedData } from "./dataset.ts";
import type { HistogramEngine } from "./engine.ts";
import { buildFeatureRange, buildHistogramTs } from "./histogram.ts";
import { CHUNK, chunks, claim, CTRL, MAX_PARALLEL_FEATURES, openClaim, type SharedBuffers } from "./parallel-layout.ts";

const MIN_PARALLEL = 100_000;

/**
 * An engine with `threads - 1` workers (plus the calling thread); `slots` histogram buffers;
 * builds of fewer than `minParallel` cells stay on the calling thread.
 * Throws when workers cannot start (the caller falls back to the serial engine).
 * @example const engine = parallelEngine(binned, 2, 33);
 */
export function parallelEngine(data: BinnedData, threads: number, slots: number, minParallel = MIN_PARALLEL): HistogramEngine {
  if (!(data.bins.buffer instanceof SharedArrayBuffer)) throw new Error("parallelEngine: bins must be in a SharedArrayBuffer (binData(..., shared = true))");
  const n = data.rows;
  const slotLength = data.histSlots * 3;
  const shared: SharedBuffers = {
    ctrl: new Int32Array(new SharedArrayBuffer(4 * (CTRL.features + data.histOffset.length))),
    bins: data.bins, rowsTotal: n, histOffset: data.histOffset, histSlots: data.histSlots,
    rows: new Int32Array(new SharedArrayBuffer(4 * n)),
    og: new Float32Array(new SharedArrayBuffer(4 * n)),
    oh: new Float32Array(new SharedArrayBuffer(4 * n)),
    hists: new Float64Array(new SharedArrayBuffer(8 * slotLength * slots)),
    threads,
  };
  const { ctrl, rows, og, oh, hists } = shared;
  const workers = Array.from({ length: threads - 1 }, (_, i) => new Worker(new URL("./hist-worker.ts", import.meta.url).href, { workerData: { ...shared, index: i + 1 } } as WorkerOptions));
  const deadline = Date.now() + 10_000;
  while (Atomics.load(ctrl, CTRL.ready) < workers.length) {
    if (Date.now() > deadline) { for (const w of workers) w.terminate(); throw new Error("histogram workers did not start within 10 s"); }
    Atomics.wait(ctrl, CTRL.ready, Atomics.load(ctrl, CTRL.ready), 100);
  }
  const free: Float64Array[] = Array.from({ length: slots }, (_, s) => hists.subarray(s * slotLength, (s + 1) * slotLength));
  let closed = false;
  let seq = 0;
  return {
    rows, og, oh, kind: `workers×${threads}`,
    acquire: () => free.pop() ?? new Float64Array(slotLength),
    release: (h) => { free.push(h); },
    build(features, begin, count, hist) {
      const slot = hist.buffer === hists.buffer ? hist.byteOffset / (8 * slotLength) : -1;
      if (slot < 0 || count * features.length < minParallel || features.length <= CHUNK || features.length > MAX_PARALLEL_FEATURES) {
        buildHistogramTs(data, features, rows, begin, count, og, oh, hist);
        return;
      }
      const nf = features.length;
      ctrl[CTRL.slot] = slot; ctrl[CTRL.begin] = begin; ctrl[CTRL.count] = count; ctrl[CTRL.nf] = nf;
      features.forEach((f, k) => { ctrl[CTRL.features + k] = f; });
      Atomics.store(ctrl, CTRL.finished, 0);
      Atomics.store(ctrl, CTRL.claim, openClaim(nf));
      seq = (seq + 1) | 0;
      Atomics.store(ctrl, CTRL.seq, seq);
      Atomics.notify(ctrl, CTRL.seq);
      for (let k = claim(ctrl); k >= 0; k = claim(ctrl)) {
        buildFeatureRange(data, features, k * CHUNK, Math.min(nf, k * CHUNK + CHUNK), rows, begin, count, og, oh, hist);
        Atomics.add(ctrl, CTRL.finished, 1);
      }
      const nc = chunks(nf);
      for (let d = Atomics.load(ctrl, CTRL.finished); d < nc; d = Atomics.load(ctrl, CTRL.finished)) Atomics.wait(ctrl, CTRL.finished, d);
    },
    workerFeatures: () => Atomics.load(ctrl, CTRL.workerBuilt),
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctrl, CTRL.quit, 1);
      seq = (seq + 1) | 0;
      Atomics.store(ctrl, CTRL.seq, seq);
      Atomics.notify(ctrl, CTRL.seq);
      for (const w of workers) w.terminate();
    },
  };
}
