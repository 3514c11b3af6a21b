/**
 * The CPU backend: MLAS (onnxruntime-node), or OpenBLAS where the system has it, for dense
 * products; TypeScript over typed arrays for sparse work and selection; a worker pool for
 * co-occurrence. gather, embeddingBag and scatterAdd are thin wrappers over the tensor kernels
 * on a CPU tensor engine (src/host-api/). It is the fast path on machines without a GPU.
 */
import { tensorEmbeddingBag, tensorGather, tensorScatterAdd } from "../host-api/embedding.ts";
import type { TensorHost } from "../host-api/host.ts";
import { createCpuEngine } from "../tensor/cpu-engine.ts";
import type { Backend } from "../types.ts";
import { cpuCooccurrenceDense } from "./cooccurrence-dense.ts";
import { cpuCooccurrenceTopN, defaultCoocTuning, type CoocTuning } from "./cooccurrence.ts";
import { cpuMatmul, defaultMatmulTuning, type MatmulTuning } from "./matmul.ts";
import { loadOpenBlas } from "./openblas.ts";
import { cpuScoreTopK, defaultScoreTopKTuning, type ScoreTopKTuning } from "./score-topk.ts";
import { SessionCache } from "./sessions.ts";
import { cpuTopK } from "./topk.ts";
import { WorkerPool } from "./worker-pool.ts";
import { threadsFromEnv } from "./threads-env.ts";

export { threadsFromEnv };

/** Options of the CPU backend; the tuning fields exist so tests can force every code path. */
export interface CpuBackendOptions {
  /** Threads for MLAS and workers for co-occurrence (default: SHORTLIST_THREADS, else the machine's cores). */
  threads?: number;
  /**
   * Dense products: "auto" (default) uses the system's OpenBLAS when it loads and
   * SHORTLIST_BLAS is not "mlas", else onnxruntime's MLAS; "openblas" fails without it.
   */
  blas?: "auto" | "mlas" | "openblas";
  matmul?: Partial<MatmulTuning>;
  cooccurrence?: Partial<CoocTuning>;
  scoreTopK?: Partial<ScoreTopKTuning>;
}


/**
 * Creates the CPU backend.
 * @example
 * const cpu = await createCpuBackend();
 * const c = await cpu.matmul(a, b, { m: 64, n: 64, k: 64 });
 * await cpu.dispose();
 */
export async function createCpuBackend(opts: CpuBackendOptions = {}): Promise<Backend> {
  const threads = Math.max(1, opts.threads ?? threadsFromEnv());
  const mm: MatmulTuning = { ...defaultMatmulTuning, ...opts.matmul };
  const cooc: CoocTuning = { ...defaultCoocTuning, ...opts.cooccurrence };
  const st: ScoreTopKTuning = { ...defaultScoreTopKTuning, threads, ...opts.scoreTopK };
  const sessions = new SessionCache(threads);
  const blasChoice = opts.blas ?? "auto";
  const blas = blasChoice === "mlas" ? undefined : loadOpenBlas(threads, blasChoice === "openblas" ? {} : process.env);
  if (blasChoice === "openblas" && !blas) {
    throw new Error("core-gpu cpu backend: blas \"openblas\" requested but libopenblas could not be loaded (Debian: apt-get install libopenblas0-pthread)");
  }
  const dense = blas ? `OpenBLAS ${blas.description}` : "onnxruntime MLAS";
  const pool = threads > 1 ? new WorkerPool(new URL("./cooccurrence-worker.ts", import.meta.url), threads) : undefined;
  let disposed = false;
  const live = () => {
    if (disposed) throw new Error("core-gpu cpu backend: used after dispose(); create a new backend");
  };
  // The embedding kernels need no BLAS; the engine is unbounded, so each call is one kernel run.
  const engine = createCpuEngine({ threads, blas: "none" });
  const host: TensorHost = { engine, maxElems: Infinity, run: (_kernel, body) => body() };
  return {
    name: "cpu",
    adapter: `CPU: ${dense}, ${threads} thread${threads === 1 ? "" : "s"}`,
    // matmul stays on its own MLAS/OpenBLAS path rather than the tensor "Matmul": its tuned
    // chunking and the MLAS conformance cases rely on it, and measured against the tensor kernel
    // on OpenBLAS (which adds host copies in and out) it is 1.4–3.8× faster at 8³…4096×64×512.
    matmul: async (a, b, o) => (live(), cpuMatmul(sessions, a, b, o, mm, blas)),
    gather: async (table, dim, ids) => (live(), tensorGather(host, table, dim, ids)),
    embeddingBag: async (table, dim, ids, offsets, o) => (live(), tensorEmbeddingBag(host, table, dim, ids, offsets, o)),
    scatterAdd: async (target, dim, ids, grad) => (live(), tensorScatterAdd(host, target, dim, ids, grad)),
    cooccurrenceDense: async (x, w) => (live(), cpuCooccurrenceDense(x, w)),
    cooccurrenceTopN: async (x, o) => (live(), cpuCooccurrenceTopN(pool, x, o, cooc)),
    topK: async (scores, rows, cols, k, exclude) => (live(), cpuTopK(scores, rows, cols, k, exclude)),
    scoreTopK: async (q, nq, keys, nk, dim, k, exclude) =>
      (live(), cpuScoreTopK(sessions, q, nq, keys, nk, dim, k, exclude, st, mm, blas)),
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      pool?.dispose();
      await engine.dispose();
      await sessions.dispose();
    },
  };
}
