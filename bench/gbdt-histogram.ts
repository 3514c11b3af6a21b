/**
 * `bun run bench gbdt-histogram`: the GBDT histogram kernels — TypeScript (histogram.ts, the
 * fallback) and WebAssembly SIMD (wasm-hist.ts, what the trainer runs) — against the same loop in C
 * compiled by Bun's TinyCC (`bun:ffi cc`, bench/lib/gbdt-hist.c) on 1 and 2 pthreads: 1M rows × 23
 * u8 features, all rows and a random 30% of them (a child leaf), medians of 5 runs, results checked
 * equal.
 */
import { cc, ptr } from "bun:ffi";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createArena } from "../packages/plugin-gbdt/src/train/arena.ts";
import { buildHistogramTs } from "../packages/plugin-gbdt/src/train/histogram.ts";
import { buildFeatureRangeWasm } from "../packages/plugin-gbdt/src/train/wasm-hist.ts";
import { median, quick } from "./lib/measure.ts";
import { formatTable } from "./lib/table.ts";

export async function run(): Promise<void> {
  const lib = cc({ source: join(import.meta.dir, "lib", "gbdt-hist.c"), symbols: { hist_u8: { args: ["ptr", "i64", "ptr", "i32", "ptr", "ptr", "i32", "ptr", "ptr", "ptr", "i32"], returns: "void" } } });
  const n = quick ? 100_000 : 1_000_000, F = 23;
  // Everything in one WebAssembly memory (as the trainer's arena), so every kernel reads the same arrays.
  const arena = createArena(n * F + 12 * n + 8 * F * 256 * 3 + 65_536);
  if (!arena) throw new Error("bench gbdt-histogram: no WebAssembly memory (SIMD and shared memory are needed)");
  const view = <T>(make: new (b: ArrayBufferLike, o: number, l: number) => T, length: number, size: number): T => { const { buffer, byteOffset } = arena.alloc(length * size); return new make(buffer, byteOffset, length); };
  const bins = view(Uint8Array, n * F, 1);
  for (let i = 0; i < bins.length; i++) bins[i] = (Math.imul(i, 2654435761) >>> 24) & 255;
  const og = view(Float32Array, n, 4), oh = view(Float32Array, n, 4), rowsBuf = view(Int32Array, n, 4);
  for (let i = 0; i < n; i++) { og[i] = Math.sin(i); oh[i] = 0.25; }
  const feats = Int32Array.from({ length: F }, (_, f) => f), off = Int32Array.from({ length: F }, (_, f) => f * 256);
  const data = { rows: n, bins, histOffset: off };
  const hist = view(Float64Array, F * 256 * 3, 8);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const subset = all.filter((i) => (Math.imul(i, 40503) >>> 16) % 10 < 3);
  const rows: Record<string, string>[] = [];
  for (const [name, src] of [["all rows", all], ["30% subset", subset]] as const) {
    const r = rowsBuf.subarray(0, src.length);
    r.set(src);
    const time = (fn: () => void) => { const ms: number[] = []; for (let k = 0; k < 6; k++) { hist.fill(0); const t = performance.now(); fn(); if (k > 0) ms.push(performance.now() - t); } return median(ms); };
    const ts = time(() => buildHistogramTs(data, [...feats], r, 0, r.length, og, oh, hist));
    const ref = hist.slice();
    const same = (what: string) => { if (!hist.every((v, i) => v === ref[i])) throw new Error(`${what} histogram differs from the TypeScript one`); };
    const wasm = time(() => buildFeatureRangeWasm(arena.kernels, data, feats, 0, F, r, 0, r.length, og, oh, hist));
    same("WebAssembly");
    const c = (threads: number) => time(() => lib.symbols.hist_u8(ptr(bins), n, ptr(feats), F, ptr(off), ptr(r), r.length, ptr(og), ptr(oh), ptr(hist), threads));
    const c1 = c(1);
    same("TinyCC");
    const c2 = c(2);
    rows.push({ case: name, rows: String(r.length), "TypeScript ms": ts.toFixed(1), "WebAssembly ms": wasm.toFixed(1), "TinyCC 1 thread ms": c1.toFixed(1), "TinyCC 2 threads ms": c2.toFixed(1) });
  }
  console.log(formatTable(rows));
  mkdirSync(join(import.meta.dir, "results"), { recursive: true });
  writeFileSync(join(import.meta.dir, "results", quick ? "gbdt-histogram.quick.json" : "gbdt-histogram.json"), JSON.stringify({ features: F, date: new Date().toISOString(), rows }, null, 2));
}

if (import.meta.main) await run();
