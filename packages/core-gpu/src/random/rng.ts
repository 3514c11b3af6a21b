/**
 * The one seeded random generator of Shortlist, used by every package (core-gpu's initialisers and
 * test inputs, the data plugin's synthetic worlds and splits, Swing's user sampling): sfc32 (a
 * small, fast generator that passes PractRand) seeded through a 32-bit integer hash, so that it
 * gives the same numbers on every machine and Bun version, and independent streams (one per user,
 * one per purpose) come from (seed, key…) without sharing state — results then do not depend on
 * chunk sizes or processing order. It lives in core-gpu, the package every other one may import
 * (`@shortlist/core-gpu/random`, which loads nothing else).
 */
/**
 * Mixes 32-bit integers into one well-spread 32-bit hash (murmur3's finaliser per step).
 * @example hash32(42, 7) // the same 32-bit value on every run
 */
export function hash32(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const k of keys) {
    h = Math.imul(h ^ (k >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * Hashes a short string into a 32-bit key (FNV-1a), for naming streams ("items", "retrieval").
 * @example new Rng(seed, keyOf("negatives"))
 */
export function keyOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A seeded stream: uniform floats, integers, normals and weighted picks.
 * @example
 * const r = new Rng(42, keyOf("negatives"), user); r.int(10); r.normal();
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  /**
   * A stream determined by its keys.
   * @example const r = new Rng(42, keyOf("users"), 7); r.float(); // same value every run
   */
  constructor(...keys: number[]) {
    this.a = hash32(1, ...keys);
    this.b = hash32(2, ...keys);
    this.c = hash32(3, ...keys);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32(); // leave the correlated start-up states behind
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Standard normal (Box–Muller; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const u = 1 - this.float(); // (0, 1]: log stays finite
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Index drawn with probability ∝ weights[i] (linear scan: for short weight lists). */
  pick(weights: ArrayLike<number>, total?: number): number {
    let t = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) t += weights[i]!;
    let x = this.float() * t;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

/**
 * A function of no arguments returning uniform floats in [0, 1), from the stream `new Rng(...keys)`:
 * for code that wants a plain `() => number`.
 * @example
 * const rand = seededRandom(42, 7); rand(); // same value every run
 */
export function seededRandom(...keys: number[]): () => number {
  const rng = new Rng(...keys);
  return () => rng.float();
}
