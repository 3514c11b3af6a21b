/**
 * Native loops for the CPU tensor engine's hottest kernels (row gather / scatter-add, softmax
 * cross-entropy and its gradient), compiled once per process from kernels.c by the TinyCC inside
 * Bun (`bun:ffi` `cc`) — nothing to install. Why: JavaScriptCore copies a random 256-byte row
 * about 5× slower than memcpy, and cannot split a loop over cores; measured on the 2-core
 * development machine, 65,536-row gathers went from ~15 ms to ~2 ms and a 4,096×4,096 softmax
 * from ~110 ms to ~41 ms. (Plain elementwise loops stay in TypeScript: TinyCC does not optimise,
 * and measured slower than JavaScriptCore's JIT on them even with two threads.) Where TinyCC is unavailable (or SHORTLIST_NATIVE=0) the TypeScript
 * loops run instead, with the same results.
 */
import { cc, ptr, type Pointer } from "bun:ffi";
import { fileURLToPath } from "node:url";
import { lazyLibrary, type Compiled } from "./lazy-library.ts";

export interface NativeKernels {
  gatherRows(table: Float32Array, ids: Int32Array, d: number, out: Float32Array, threads: number): void;
  scatterAddRows(table: Float32Array, ids: Int32Array, d: number, src: Float32Array, threads: number): void;
  softmaxCe(x: Float32Array, targets: Int32Array, b: number, n: number, loss: Float32Array, lse: Float32Array, probs: Float32Array | undefined, threads: number): void;
  softmaxCeGrad(x: Float32Array, targets: Int32Array, lse: Float32Array, dloss: Float32Array, probs: Float32Array | undefined, b: number, n: number, dx: Float32Array, threads: number): void;
  /** Adam (no weight decay, no gradient scale) in f32, SSE: all of p, or rows `rows` of p from rows 0.. of g (adam-lanes.h). */
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, rows: Int32Array | undefined, d: number, consts: Float32Array): void;
}

const p = (a: Float32Array | Int32Array): Pointer => ptr(a);

function compile(): Compiled<NativeKernels> {
  const lib = cc({
    source: fileURLToPath(new URL("./kernels.c", import.meta.url)),
    library: ["m"],
    symbols: {
      gather_rows: { args: ["ptr", "ptr", "i32", "i32", "ptr", "i32"], returns: "void" },
      scatter_add_rows: { args: ["ptr", "ptr", "i32", "i32", "ptr", "i32", "i32"], returns: "void" },
      softmax_ce: { args: ["ptr", "ptr", "i32", "i32", "ptr", "ptr", "ptr", "i32"], returns: "void" },
      softmax_ce_grad: { args: ["ptr", "ptr", "ptr", "ptr", "ptr", "i32", "i32", "ptr", "i32"], returns: "void" },
      adam_dense: { args: ["ptr", "ptr", "ptr", "ptr", "i32", "ptr"], returns: "void" },
      adam_rows: { args: ["ptr", "ptr", "ptr", "ptr", "ptr", "i32", "i32", "ptr"], returns: "void" },
    },
  });
  const s = lib.symbols;
  // ptr() refuses empty arrays: every entry point returns early when there is nothing to do.
  // Integers go through `| 0`: JSC's optimising tiers may hand an integral double to an "i32"
  // FFI argument as its raw bits otherwise (seen: a gather that copied nothing after warm-up).
  return { library: lib, api: {
    gatherRows: (t, ids, d, out, threads) => { if (ids.length > 0 && d > 0) s.gather_rows(p(t), p(ids), ids.length | 0, d | 0, p(out), threads | 0); },
    scatterAddRows: (t, ids, d, src, threads) => { if (ids.length > 0 && d > 0) s.scatter_add_rows(p(t), p(ids), ids.length | 0, d | 0, p(src), (t.length / d) | 0, threads | 0); },
    softmaxCe: (x, tg, b, n, loss, lse, probs, threads) => { if (b > 0 && n > 0) s.softmax_ce(p(x), p(tg), b | 0, n | 0, p(loss), p(lse), probs ? p(probs) : null, threads | 0); },
    softmaxCeGrad: (x, tg, lse, dl, probs, b, n, dx, threads) => { if (b > 0 && n > 0) s.softmax_ce_grad(p(x), p(tg), p(lse), p(dl), probs ? p(probs) : null, b | 0, n | 0, p(dx), threads | 0); },
    adam: (pa, g, m, v, rows, d, c) => {
      if (!rows) { if (pa.length > 0) s.adam_dense(p(pa), p(g), p(m), p(v), pa.length | 0, p(c)); }
      else if (rows.length > 0 && d > 0) s.adam_rows(p(pa), p(g), p(m), p(v), p(rows), rows.length | 0, d | 0, p(c));
    },
  } };
}

const native = lazyLibrary(compile);

/**
 * The native kernels, compiled on first call; undefined where TinyCC cannot compile them or
 * SHORTLIST_NATIVE=0.
 * @example
 * const native = nativeKernels(); if (native) native.gatherRows(table, ids, 64, out, 2);
 */
export function nativeKernels(env: Record<string, string | undefined> = process.env): NativeKernels | undefined {
  return native.get(env);
}

/** Why native kernels are off, when they are (for the engine's description). @example nativeUnavailable() // undefined where TinyCC compiled them */
export const nativeUnavailable = (): string | undefined => native.unavailable;
