/**
 * The engine over worker threads on shared memory. The bins, the row buffers (row indices,
 * gradients, scores, …) and every histogram buffer live in SharedArrayBuffers. A job (a histogram
 * build, the gradients, a partition, a gather, a score update) is written into an Int32 control
 * block; the calling thread opens its claim word, bumps `seq` and wakes the workers
 * (Atomics.notify); then it and the workers claim chunks of the job (four features of a histogram,
 * or a range of rows) and run each whole. Every output element is computed by one chunk as a serial
 * pass computes it, so results equal the serial engine's bit for bit, whoever runs what. The calling
 * thread waits only for chunks a worker has claimed and not finished: on a loaded machine, where a
 * woken worker may not run for a while, it simply does the rest itself (a static split measured
 * slower than no workers at all there). Synchronous (Atomics.wait): training is a synchronous loop.
 * Small jobs (histograms of fewer than MIN_PARALLEL row × feature cells, fewer than MIN_ROWS rows)
 * stay on the calling thread.
 */
import { binColumns, type BinnedData } from "./dataset.ts";
import { GROUP, sharedBinTables } from "./parallel-bins.ts";
import type { Arena } from "./arena.ts";
import { histogramBuilder, partitionSerial, rowBuffers, type HistogramEngine } from "./engine.ts";
import { CHUNK, chunks, claim, CTRL, JOB, MAX_PARALLEL_FEATURES, MAX_ROW_CHUNKS, openClaim, runChunk, type SharedBuffers } from "./parallel-layout.ts";
import { gatherRange, markLeafRange } from "./row-jobs.ts";

const MIN_PARALLEL = 100_000;
/** Rows below which a row job stays on the calling thread, and the smallest row chunk. */
const MIN_ROWS = 65_536;
const CHUNK_ROWS = 32_768;
/** Atomics.load polls of `finished` before the calling thread sleeps (about 10 ns each in Bun, timed in training). */
const WAIT_POLLS = 2_000;

/**
 * An engine with `threads - 1` workers (plus the calling thread) for trees of `numLeaves` leaves,
 * its buffers in `arena` when given (then the WebAssembly kernels build the histograms);
 * histogram builds of fewer than `minParallel` cells and row jobs of fewer than `minRows` rows stay
 * on the calling thread; row jobs are cut into chunks of at least `chunkRows` rows. Throws when workers cannot start (the caller falls back to the serial engine).
 * @example const engine = parallelEngine(binned, 2, 31);
 */
export function parallelEngine(data: BinnedData, threads: number, numLeaves: number, arena: Arena | null = null, minParallel = MIN_PARALLEL, minRows = MIN_ROWS, chunkRows = CHUNK_ROWS): HistogramEngine {
  if (!(data.bins.buffer instanceof SharedArrayBuffer)) throw new Error("parallelEngine: bins must be in shared memory (binData(..., memory = true or an arena's alloc))");
  const slots = numLeaves + 2;
  const slotLength = data.histSlots * 3;
  const histMem = arena ? arena.alloc(8 * slotLength * slots) : { buffer: new SharedArrayBuffer(8 * slotLength * slots), byteOffset: 0 };
  const sh: SharedBuffers = {
    ctrl: new Int32Array(new SharedArrayBuffer(4 * (CTRL.features + data.histOffset.length))),
    part: new Int32Array(new SharedArrayBuffer(4 * 3 * MAX_ROW_CHUNKS)),
    histOffset: data.histOffset, histSlots: data.histSlots,
    hists: new Float64Array(histMem.buffer, histMem.byteOffset, slotLength * slots),
    buf: rowBuffers(data, numLeaves, arena ? arena.alloc : true),
    memory: arena?.memory ?? null,
    tables: sharedBinTables(data.mappers, data.rows),
  };
  const kernels = arena?.kernels ?? null;
  const { ctrl, hists, buf, part } = sh;
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL("./hist-worker.ts", import.meta.url).href, { workerData: sh } as WorkerOptions));
  const deadline = Date.now() + 10_000;
  while (Atomics.load(ctrl, CTRL.ready) < workers.length) {
    if (Date.now() > deadline) { for (const w of workers) w.terminate(); throw new Error("histogram workers did not start within 10 s"); }
    Atomics.wait(ctrl, CTRL.ready, Atomics.load(ctrl, CTRL.ready), 100);
  }
  const build = histogramBuilder(data, buf, arena, (h) => h.buffer === hists.buffer);
  const free: Float64Array[] = Array.from({ length: slots }, (_, s) => hists.subarray(s * slotLength, (s + 1) * slotLength));
  let closed = false;
  let seq = 0;
  const publish = (always = false) => { seq = (seq + 1) | 0; Atomics.store(ctrl, CTRL.seq, seq); if (always || Atomics.load(ctrl, CTRL.sleeping) > 0) Atomics.notify(ctrl, CTRL.seq); };
  /** Publishes the job whose fields are set, then runs chunks until none is left, waits for the rest. */
  const run = (nc: number) => {
    Atomics.store(ctrl, CTRL.finished, 0);
    Atomics.store(ctrl, CTRL.claim, openClaim(nc));
    publish();
    for (let k = claim(ctrl); k >= 0; k = claim(ctrl)) { runChunk(sh, k, kernels); Atomics.add(ctrl, CTRL.finished, 1); }
    // A worker's last chunk is often nearly done (row chunks are short): poll a little (~20 µs)
    // before sleeping, since a sleep costs a futex round trip and, on a busy machine, the core
    // until the scheduler gives it back.
    for (let i = 0; i < WAIT_POLLS && Atomics.load(ctrl, CTRL.finished) < nc; i++);
    if (Atomics.load(ctrl, CTRL.finished) < nc) {
      Atomics.store(ctrl, CTRL.waiting, 1);
      for (let d = Atomics.load(ctrl, CTRL.finished); d < nc; d = Atomics.load(ctrl, CTRL.finished)) Atomics.wait(ctrl, CTRL.finished, d);
      Atomics.store(ctrl, CTRL.waiting, 0);
    }
  };
  /** A row job over [begin, begin + count) in chunks; returns the chunk count. */
  const rowJob = (kind: number, begin: number, count: number, a0 = 0, a1 = 0): number => {
    const chunk = Math.max(chunkRows, Math.ceil(count / MAX_ROW_CHUNKS));
    const nc = Math.ceil(count / chunk);
    ctrl[CTRL.kind] = kind; ctrl[CTRL.begin] = begin; ctrl[CTRL.count] = count; ctrl[CTRL.chunk] = chunk;
    ctrl[CTRL.a0] = a0; ctrl[CTRL.a1] = a1;
    run(nc);
    return nc;
  };
  return {
    buf, kind: `workers×${threads}${arena ? " wasm" : ""}`,
    acquire: () => free.pop() ?? new Float64Array(slotLength),
    release: (h) => { free.push(h); },
    build(features, begin, count, hist, direct = false, sums = false) {
      const slot = hist.buffer === hists.buffer ? (hist.byteOffset - hists.byteOffset) / (8 * slotLength) : -1;
      if (slot < 0 || count * features.length < minParallel || features.length <= CHUNK || features.length > MAX_PARALLEL_FEATURES) {
        build(features, 0, features.length, begin, count, hist, direct, sums);
        return;
      }
      ctrl[CTRL.kind] = JOB.HIST; ctrl[CTRL.slot] = slot; ctrl[CTRL.begin] = begin; ctrl[CTRL.count] = count; ctrl[CTRL.nf] = features.length;
      ctrl[CTRL.a0] = direct ? 1 : 0; ctrl[CTRL.a1] = sums ? 1 : 0;
      features.forEach((f, k) => { ctrl[CTRL.features + k] = f; });
      run(chunks(features.length));
    },
    gather(begin, count) {
      if (count < minRows) gatherRange(buf, begin, begin, begin + count, kernels);
      else rowJob(JOB.GATHER, begin, count);
    },
    partition(f, begin, count, gBegin, gEnd) {
      if (count < minRows) return partitionSerial(buf, f, begin, count, gBegin, gEnd, kernels);
      const nc = rowJob(JOB.SPLIT, begin, count, f);
      // Where each chunk's left and right rows go: after the left rows of the chunks before it.
      const chunk = ctrl[CTRL.chunk]!;
      let left = 0;
      for (let k = 0; k < nc; k++) left += part[k]!;
      for (let k = 0, l = begin, r = begin + left; k < nc; k++) {
        part[MAX_ROW_CHUNKS + k] = l; part[2 * MAX_ROW_CHUNKS + k] = r;
        l += part[k]!; r += Math.min(chunk, begin + count - (begin + k * chunk)) - part[k]!;
      }
      rowJob(JOB.PLACE, begin, count, gBegin, gEnd);
      return left;
    },
    markLeaves(leaves, count) {
      if (count < minRows) markLeafRange(buf, leaves, 0, count);
      else rowJob(JOB.MARK, 0, count, leaves);
    },
    addScores: (objective, fill) => { rowJob(JOB.ADD, 0, buf.n, objective, fill ? 1 : 0); },
    gradients: (objective, fill) => { rowJob(JOB.GRAD, 0, buf.n, objective, fill ? 1 : 0); },
    binColumns(columns) {
      const numeric = data.mappers.flatMap((m, f) => (m.categorical ? [] : [f]));
      binColumns(columns, data, data.mappers.flatMap((m, f) => (m.categorical ? [f] : [])));
      for (let g = 0; g < numeric.length; g += GROUP) {
        const group = numeric.slice(g, g + GROUP);
        group.forEach((f, j) => { sh.tables.stage.set(columns[f]!, j * data.rows); ctrl[CTRL.features + j] = f; });
        ctrl[CTRL.nf] = group.length;
        rowJob(JOB.BIN, 0, data.rows);
      }
    },
    workerFeatures: () => Atomics.load(ctrl, CTRL.workerBuilt),
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctrl, CTRL.quit, 1);
      publish(true);
      for (const w of workers) w.terminate();
    },
  };
}
