/**
 * Helpers for the WebGPU backend's tests: a seeded PRNG, random inputs, and comparisons with
 * the reference that allow float rounding and ties. Not imported by the backend itself.
 */
import { expect } from "bun:test";
import type { Csr, TopK } from "../types.ts";
import { expectAllClose } from "../testing/compare.ts";

export { seededRandom } from "../random/rng.ts";

/**
 * `n` uniform floats in [lo, hi).
 * @example
 * randomFloats(seededRandom(1), 4, -1, 1);
 */
export function randomFloats(rand: () => number, n: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

/**
 * `n` ids uniform in [0, max).
 * @example
 * randomIds(seededRandom(1), 10, 100);
 */
export function randomIds(rand: () => number, n: number, max: number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(rand() * max));
}

/**
 * A random CSR: each entry present with probability `density` (rows listed in `emptyRows`
 * stay empty), values in [0.5, 1.5) unless `values` is false.
 * @example
 * randomCsr(seededRandom(1), 10, 20, 0.3, { emptyRows: [0] });
 */
export function randomCsr(rand: () => number, rows: number, cols: number, density: number, o: { values?: boolean; emptyRows?: number[] } = {}): Csr {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (!o.emptyRows?.includes(r)) {
      for (let c = 0; c < cols; c++) {
        if (rand() < density) {
          indices.push(c);
          values.push(0.5 + rand());
        }
      }
    }
    indptr.push(indices.length);
  }
  return {
    rows, cols, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices),
    values: o.values === false ? undefined : Float32Array.from(values),
  };
}

/**
 * Asserts |a − b| ≤ tol·max(1, |b|) elementwise (equal infinities pass, NaN never does).
 * @example
 * expectClose(gpuOut, refOut, 1e-5);
 */
export function expectClose(actual: Float32Array, expected: Float32Array, tol = 1e-5): void {
  expectAllClose(actual, expected, tol);
}

/**
 * Asserts two top-K results agree: scores within `tol`, and ids equal except inside runs of
 * slots whose expected scores tie within `tol`, where the same ids may come in another order.
 * With `tailTies`, a tied run reaching the last slot may also hold other ids (the tie may go on
 * past k, and rounding may pick other members of it): for scores computed in f32 here against
 * f64 in the reference.
 * @example
 * expectSameTopK(await gpu.topK(s, r, c, 5), referenceTopK(s, r, c, 5));
 */
export function expectSameTopK(actual: TopK, expected: TopK, tol = 1e-5, o: { tailTies?: boolean } = {}): void {
  expect(actual.rows).toBe(expected.rows);
  expect(actual.k).toBe(expected.k);
  expectClose(actual.scores, expected.scores, tol);
  const k = expected.k;
  for (let r = 0; r < expected.rows; r++) {
    const lo = r * k;
    const got = Array.from(actual.ids.subarray(lo, lo + k));
    const want = Array.from(expected.ids.subarray(lo, lo + k));
    for (let t = 0; t < k; t++) {
      if (got[t] === want[t]) continue;
      const s = expected.scores[lo + t]!;
      const tied = (v: number) => Math.abs(expected.scores[lo + v]! - s) <= tol * Math.max(1, Math.abs(s));
      let a = t;
      let b = t;
      while (a > 0 && tied(a - 1)) a--;
      while (b + 1 < k && tied(b + 1)) b++;
      if (o.tailTies && b === k - 1) continue;
      const gotRun = got.slice(a, b + 1).sort((x, y) => x - y);
      const wantRun = want.slice(a, b + 1).sort((x, y) => x - y);
      if (gotRun.join() !== wantRun.join()) {
        throw new Error(`row ${r}: ids [${got}] differ from [${want}] beyond ties at slots ${a}..${b}`);
      }
    }
  }
}

/** Fails the test if any promise rejection goes unhandled while `body` runs (and shortly after). */
export async function withoutUnhandledRejections(body: () => Promise<void>): Promise<void> {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    await body();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  expect(seen).toEqual([]);
}

/**
 * Per-test time limit for tests that run kernels: a cold shader cache makes lavapipe compile
 * the unrolled matmul for tens of seconds on 2 busy cores (later runs hit Mesa's disk cache).
 */
export const GPU_TEST_TIMEOUT = 180_000;

/** A signal already aborted with `new Error(message)`. @example signal: abortedSignal("not today") */
export function abortedSignal(message: string): AbortSignal {
  return AbortSignal.abort(new Error(message));
}

/**
 * A signal that aborts with "stopped by the user" at the first progress report, as a user pressing
 * Ctrl-C mid-run would; `reports` counts the reports seen.
 * @example
 * const stop = stopAtFirstReport();
 * await expect(gpu.cooccurrenceTopN(x, { topN: 5, signal: stop.signal, onProgress: stop.onProgress })).rejects.toThrow("stopped by the user");
 */
export function stopAtFirstReport(): { signal: AbortSignal; onProgress: () => void; readonly reports: number } {
  const c = new AbortController();
  let reports = 0;
  return {
    signal: c.signal,
    onProgress: () => void (reports++ === 0 && c.abort(new Error("stopped by the user"))),
    get reports() {
      return reports;
    },
  };
}
