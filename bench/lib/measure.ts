/** Timing helpers for benchmarks: warm-up, then the median of repeated runs. */

/** One measured case. */
export interface Timing {
  medianMs: number;
  runsMs: number[];
}

/**
 * Runs `fn` once to warm up, then `runs` times, and returns the median wall time.
 * @example
 * const t = await measure(() => backend.matmul(a, b, o), 5);
 */
export async function measure(fn: () => unknown, runs = 5, warmup = 1): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    runsMs.push(performance.now() - t0);
  }
  return { medianMs: median(runsMs), runsMs };
}

/** Pause between alternating sides: BLAS pools (OpenBLAS, onnxruntime) spin-wait for a while
 * after each call, and two spinning pools on two cores would slow whichever side runs next. */
const SETTLE_MS = 150;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

/**
 * Measures ours and a peer alternately (one run each, in turn, after one warm-up each, with a
 * short untimed pause between sides), so a load change on a shared machine hits both sides
 * alike. `peer` returns its own measured ms.
 * @example
 * const { ours, peer } = await measureAlternating(() => b.topK(s, r, c, 10), () => p.time("topk"), 5);
 */
export async function measureAlternating(
  ours: () => unknown, peer: () => Promise<number>, runs = 5,
): Promise<{ ours: Timing; peer: Timing }> {
  await ours();
  await settle();
  await peer();
  const o: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    const t0 = performance.now();
    await ours();
    o.push(performance.now() - t0);
    await settle();
    p.push(await peer());
  }
  return { ours: { medianMs: median(o), runsMs: o }, peer: { medianMs: median(p), runsMs: p } };
}

/**
 * The median of a non-empty list.
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** True when BENCH_QUICK=1: tiny sizes for smoke checks. */
export const quick = process.env.BENCH_QUICK === "1";

/** Runs per case (BENCH_RUNS, default 5; at least 5 unless quick). */
export const runs = Math.max(quick ? 2 : 5, Number(process.env.BENCH_RUNS ?? 5));
