/**
 * scoreTopK's whole loop in C over OpenBLAS (blas-topk.c), compiled once per process by Bun's
 * TinyCC. Why: with the product and the scan as separate calls, every block was written by a
 * 2-thread sgemm, read back by a 2-thread scan and handed between the two through JavaScript, so
 * both cores waited for the slower one at each of thousands of seams and the block went through
 * memory; here each thread scores its own chunk of queries with a 1-thread sgemm and scans it while
 * it is in cache, with no barrier between threads. Undefined where TinyCC or OpenBLAS is
 * unavailable or SHORTLIST_NATIVE=0: score-topk.ts then takes its block path, same results.
 */
import { dlopen, ptr, type Pointer } from "bun:ffi";
import { fileURLToPath } from "node:url";
import { ccTopK } from "./cc-topk.ts";
import { lazyLibrary, type Compiled } from "./lazy-library.ts";

/** The same names cpu/openblas.ts loads: the process then holds one OpenBLAS. */
const OPENBLAS = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"];

/** Sizes of each thread's chunk: `queries` rows scored against `keys` keys per sgemm. */
export interface BlasTopKBlock {
  queries: number;
  keys: number;
}

export interface BlasTopK {
  /**
   * Top-k keys of every query into out.ids/out.scores (nq × k), skipping the columns of
   * `exclude` (CSR over the queries, columns sorted); over `threads`.
   */
  run(q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number, k: number,
    exclude: { indptr: Int32Array; indices: Int32Array } | undefined,
    out: { ids: Int32Array; scores: Float32Array }, block: BlasTopKBlock, threads: number): void;
}

function openBlas() {
  for (const name of OPENBLAS) {
    try {
      return dlopen(name, {
        cblas_sgemm: { args: [], returns: "void" }, // only its address is used
        openblas_get_num_threads: { args: [], returns: "i32" },
        openblas_set_num_threads: { args: ["i32"], returns: "void" },
      });
    } catch {
      // not under this name
    }
  }
  throw new Error("libopenblas not found");
}

function compile(): Compiled<BlasTopK> {
  const blas = openBlas();
  const lib = ccTopK(fileURLToPath(new URL("./blas-topk.c", import.meta.url)), {
    blas_topk: { args: ["ptr", "ptr", "i32", "ptr", "i32", "i32", "i32", "i32", "i32", "ptr", "ptr", "ptr", "ptr", "i32"], returns: "i32" },
  });
  // Bun sets `ptr` (the symbol's address) on every dlopen'ed function; its typings omit it.
  const sgemm = (blas.symbols.cblas_sgemm as unknown as { ptr?: Pointer }).ptr;
  if (typeof sgemm !== "number" || sgemm === 0) throw new Error("bun:ffi gave no address for cblas_sgemm");
  const f = lib.symbols.blas_topk;
  const p = (a: Float32Array | Int32Array): Pointer => ptr(a);
  return { library: [lib, blas], api: {
    run(q, nq, keys, nk, dim, k, exclude, out, block, threads) {
      // ptr() refuses empty arrays; integers through `| 0` (see native/index.ts).
      if (nq <= 0 || nk <= 0 || k <= 0 || dim <= 0) throw new RangeError("blas-topk: nq, nk, k and dim must be > 0");
      const withEx = exclude !== undefined && exclude.indices.length > 0;
      // Each thread multiplies on its own: OpenBLAS's thread count is process-wide, so it is
      // set to 1 for the call and put back.
      const before = blas.symbols.openblas_get_num_threads();
      blas.symbols.openblas_set_num_threads(1);
      let rc: number;
      try {
        rc = f(sgemm, p(q), nq | 0, p(keys), nk | 0, dim | 0, k | 0, Math.max(1, block.queries) | 0, Math.max(1, block.keys) | 0,
          withEx ? p(exclude.indptr) : null, withEx ? p(exclude.indices) : null, p(out.ids), p(out.scores), threads | 0) as number;
      } finally {
        blas.symbols.openblas_set_num_threads(before);
      }
      if (rc !== 0) throw new RangeError(`scoreTopK: out of memory for ${threads} score blocks of ${block.queries}×${block.keys}`);
    },
  } };
}

const native = lazyLibrary(compile);

/**
 * The fused OpenBLAS scoreTopK, compiled on first call; undefined where TinyCC or OpenBLAS is
 * unavailable or SHORTLIST_NATIVE=0.
 * @example
 * const top = { ids: new Int32Array(nq * 10), scores: new Float32Array(nq * 10) };
 * blasTopK()?.run(q, nq, keys, nk, 64, 10, undefined, top, { queries: 128, keys: 2048 }, 2);
 */
export function blasTopK(env: Record<string, string | undefined> = process.env): BlasTopK | undefined {
  return native.get(env);
}

/** Why the fused path is off, when it is. @example blasTopKUnavailable() // undefined where it compiled */
export const blasTopKUnavailable = (): string | undefined => native.unavailable;
