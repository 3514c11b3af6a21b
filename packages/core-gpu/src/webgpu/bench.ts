/**
 * Kernel timings of the WebGPU backend on this machine's adapter: medians of repeated runs
 * after a warm-up (which also compiles the pipelines). Run:
 *   bun packages/core-gpu/src/webgpu/bench.ts [--reps 5] [--json out.json]
 */
import type { Backend, Csr } from "../types.ts";
import { createWebGpuBackend } from "./backend.ts";
import { seededRandom } from "../random/rng.ts";

export interface BenchCase {
  name: string;
  /** Work per run for the rate column: flops (GFLOP/s) or items (M items/s). */
  rate?: { amount: number; unit: "GFLOP/s" | "Mitems/s" };
  run: (b: Backend) => Promise<unknown>;
}

export interface BenchRow {
  name: string;
  medianMs: number;
  runsMs: number[];
  rate?: string;
}

/**
 * The median of a non-empty list.
 * @example
 * median([5, 1, 3]); // 3
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * A user×item CSR shaped like MovieLens-1M: 6,040 users, 3,706 items, about a million entries,
 * skewed user activity (20 to ~620 items) and item popularity.
 * @example
 * const x = movielensShapedCsr(seededRandom(1));
 */
export function movielensShapedCsr(rand: () => number, users = 6040, items = 3706): Csr {
  const indptr = [0];
  const indices: number[] = [];
  for (let u = 0; u < users; u++) {
    const len = Math.min(items, Math.floor(20 + 600 * rand() ** 3));
    const row = new Set<number>();
    while (row.size < len) row.add(Math.floor(items * rand() ** 1.5));
    indices.push(...[...row].sort((a, b) => a - b));
    indptr.push(indices.length);
  }
  return { rows: users, cols: items, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices) };
}

/**
 * The standard cases: matmul 1024³, top-10 and fused score-top-10 at MovieLens-1M scale,
 * co-occurrence top-20 of an ML-1M-shaped CSR, gather and EmbeddingBag of 256k ids × 64.
 * @example
 * const cases = standardCases(1);
 */
export function standardCases(scale = 1): BenchCase[] {
  const rand = seededRandom(7);
  const floats = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);
  const n = Math.round(1024 * scale);
  const a = floats(n * n);
  const users = Math.round(6040 * scale);
  const items = Math.round(3706 * scale);
  const scores = floats(users * items);
  const uEmb = floats(users * 64);
  const iEmb = floats(items * 64);
  const x = movielensShapedCsr(rand, users, items);
  const ids = Int32Array.from({ length: Math.round(262144 * scale) }, () => Math.floor(rand() * 100_000 * scale));
  const table = floats(Math.round(100_000 * scale) * 64);
  const offsets = Int32Array.from({ length: ids.length / 8 + 1 }, (_, i) => i * 8);
  return [
    { name: `matmul ${n}³`, rate: { amount: 2 * n ** 3, unit: "GFLOP/s" }, run: (b) => b.matmul(a, a, { m: n, n, k: n }) },
    { name: `topK 10 of ${users}×${items}`, rate: { amount: users * items, unit: "Mitems/s" }, run: (b) => b.topK(scores, users, items, 10) },
    { name: `scoreTopK 10 of ${users}×${items}·64`, rate: { amount: 2 * users * items * 64, unit: "GFLOP/s" }, run: (b) => b.scoreTopK(uEmb, users, iEmb, items, 64, 10) },
    { name: `cooccurrenceTopN 20, ${x.indices.length} nnz`, run: (b) => b.cooccurrenceTopN(x, { topN: 20 }) },
    { name: `gather ${ids.length}×64`, rate: { amount: ids.length * 64, unit: "Mitems/s" }, run: (b) => b.gather(table, 64, ids) },
    { name: `embeddingBag sum ${ids.length}×64`, rate: { amount: ids.length * 64, unit: "Mitems/s" }, run: (b) => b.embeddingBag(table, 64, ids, offsets, { mode: "sum" }) },
  ];
}

/**
 * Runs each case once to warm up, then `reps` times, and returns the medians.
 * @example
 * const rows = await runBench(backend, standardCases(0.1), 5);
 */
export async function runBench(backend: Backend, cases: BenchCase[], reps: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    await c.run(backend);
    const runsMs: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      await c.run(backend);
      runsMs.push(performance.now() - t);
    }
    const medianMs = median(runsMs);
    const perSecond = c.rate ? c.rate.amount / (medianMs / 1000) / (c.rate.unit === "GFLOP/s" ? 1e9 : 1e6) : undefined;
    rows.push({ name: c.name, medianMs, runsMs, rate: perSecond === undefined ? undefined : `${perSecond.toFixed(2)} ${c.rate!.unit}` });
  }
  return rows;
}

if (import.meta.main) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const reps = Number(arg("--reps") ?? 5);
  const backend = await createWebGpuBackend();
  console.log(`webgpu on ${backend.adapter}, median of ${reps} runs`);
  const rows = await runBench(backend, standardCases(Number(arg("--scale") ?? 1)), reps);
  await backend.dispose();
  for (const r of rows) console.log(`${r.name.padEnd(40)} ${r.medianMs.toFixed(1).padStart(9)} ms  ${r.rate ?? ""}`);
  const json = arg("--json");
  if (json) await Bun.write(json, JSON.stringify({ adapter: backend.adapter, reps, rows }, null, 2));
}
