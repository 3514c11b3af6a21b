/**
 * Seeded random inputs for the conformance suite: a PRNG whose seed is printed on failure, and
 * generators for matrices, ids and CSR matrices with empty rows and popularity skew.
 */
import type { Csr } from "../types.ts";
import { Rng as Stream } from "../random/rng.ts";

/** A seeded PRNG (the shared `Rng` of ../random/rng.ts) that remembers its seed, to print it on failure. */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/**
 * A PRNG from a 32-bit seed.
 * @example
 * const rng = createRng(42); rng.int(10);
 */
export function createRng(seed: number): Rng {
  const stream = new Stream(seed);
  const next = () => stream.float();
  return { seed, next, int: (n) => Math.floor(next() * n) };
}

/**
 * The suite's seed: CONFORMANCE_SEED when set (to replay a failure), else a fresh one.
 * @example
 * const seed = suiteSeed();
 */
export function suiteSeed(): number {
  const fixed = process.env.CONFORMANCE_SEED;
  return fixed ? Number(fixed) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}

/**
 * A Float32Array of uniform values in [lo, hi).
 * @example
 * randomMatrix(rng, 6, -1, 1);
 */
export function randomMatrix(rng: Rng, length: number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = lo + (hi - lo) * rng.next();
  return a;
}

/** Options of randomCsr. */
export interface CsrShape {
  rows: number;
  cols: number;
  /** Mean entries per row (before clipping to cols). */
  density: number;
  /** Fraction of rows left empty. */
  emptyRows?: number;
  /** Draw columns with a Zipf-like skew (popular low ids) instead of uniformly. */
  skew?: boolean;
  /** Attach random positive values. */
  values?: boolean;
}

/**
 * A random CSR with sorted unique columns per row.
 * @example
 * randomCsr(rng, { rows: 10, cols: 33, density: 4, emptyRows: 0.2 });
 */
export function randomCsr(rng: Rng, s: CsrShape): Csr {
  const indptr = new Int32Array(s.rows + 1);
  const cols: number[] = [];
  for (let r = 0; r < s.rows; r++) {
    const want = rng.next() < (s.emptyRows ?? 0) ? 0 : Math.min(s.cols, rng.int(2 * s.density + 1));
    const row = new Set<number>();
    while (row.size < want) row.add(s.skew ? Math.floor(s.cols * Math.pow(rng.next(), 2.5)) : rng.int(s.cols));
    cols.push(...[...row].sort((a, b) => a - b));
    indptr[r + 1] = cols.length;
  }
  const indices = Int32Array.from(cols);
  const x: Csr = { rows: s.rows, cols: s.cols, indptr, indices };
  if (s.values) x.values = randomMatrix(rng, indices.length, 0.1, 2);
  return x;
}
