/**
 * scoreTopK's heap scan in C over threads (topk-scan.c), compiled once per process by Bun's
 * TinyCC, as kernels.c is. Why: the scan touches every score of the nq×nk product once; in
 * TypeScript it runs on one core while the other idles, and at 64 dims a score costs only 64
 * multiply-adds, so the scan is a large share of the call (on the 2-core machine, 20,000 × 100,000
 * took ~4.0 s with the TypeScript scan, where the sgemm alone at ~95 GFLOP/s a core needs ~1.4 s).
 * Undefined where TinyCC is unavailable or SHORTLIST_NATIVE=0: score-topk.ts then scans in
 * TypeScript, with the same results.
 */
import { ptr, type Pointer } from "bun:ffi";
import { fileURLToPath } from "node:url";
import { ccTopK } from "./cc-topk.ts";
import { lazyLibrary, type Compiled } from "./lazy-library.ts";

/** Heaps of a block of query rows, in flat arrays the C side updates in place. */
export interface NativeHeaps {
  k: number;
  /** Row r's heap: scores/ids [r·k, r·k + size[r]), root (worst) first. */
  scores: Float32Array;
  ids: Int32Array;
  size: Int32Array;
}

export interface TopKScan {
  /**
   * Offers rows 0..rows-1 of the rows×cols block (columns col0…) to heaps 0..rows-1. With
   * `exclude`, row r skips excl[expos[r] .. exend[r]) (sorted columns; expos is advanced).
   */
  scan(scores: Float32Array, rows: number, cols: number, col0: number, h: NativeHeaps, threads: number,
    exclude?: { indices: Int32Array; expos: Int32Array; exend: Int32Array }): void;
}

/**
 * Compiles topk-scan.c afresh (uncached; nativeTopKScan() is the cached one). `plainC`: without
 * the SSE assembly, as where TinyCC's assembler refuses it (tests check that variant too).
 * @example
 * const scan = compileTopKScan(true).api;
 */
export function compileTopKScan(plainC = false): Compiled<TopKScan> {
  const lib = ccTopK(fileURLToPath(new URL("./topk-scan.c", import.meta.url)), {
    topk_scan: { args: ["ptr", "i32", "i32", "i32", "i32", "ptr", "ptr", "ptr", "ptr", "ptr", "ptr", "i32"], returns: "void" },
  }, plainC);
  const f = lib.symbols.topk_scan;
  const p = (a: Float32Array | Int32Array): Pointer => ptr(a);
  return { library: lib, api: {
    scan(scores, rows, cols, col0, h, threads, ex) {
      // ptr() refuses empty arrays; integers through `| 0` (see native/index.ts).
      if (rows <= 0 || cols <= 0 || h.k <= 0) return;
      const withEx = ex !== undefined && ex.indices.length > 0;
      f(p(scores), rows | 0, cols | 0, col0 | 0, h.k | 0, p(h.scores), p(h.ids), p(h.size),
        withEx ? p(ex.indices) : null, withEx ? p(ex.expos) : null, withEx ? p(ex.exend) : null, threads | 0);
    },
  } };
}

const native = lazyLibrary(() => compileTopKScan());

/**
 * The native scan, compiled on first call; undefined where TinyCC cannot compile it or SHORTLIST_NATIVE=0.
 * @example
 * const scan = nativeTopKScan(); scan?.scan(block, rows, cols, k0, heaps, 2);
 */
export function nativeTopKScan(env: Record<string, string | undefined> = process.env): TopKScan | undefined {
  return native.get(env);
}

/** Why the native scan is off, when it is. @example topKScanUnavailable() // undefined where TinyCC compiled it */
export const topKScanUnavailable = (): string | undefined => native.unavailable;
