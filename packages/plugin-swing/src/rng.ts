/** Seeded randomness for the stage: results depend on the pipeline seed and nothing else. */

/**
 * A 32-bit hash of two integers (murmur3's finaliser over a combined word): per-item seeds that
 * differ for nearby items and seeds.
 * @example
 * mixSeed(42, 7) !== mixSeed(42, 8); // true
 */
export function mixSeed(seed: number, key: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(key | 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Uniform floats in [0, 1) from a 32-bit seed (mulberry32).
 * @example
 * const rand = seededRandom(mixSeed(42, 7)); rand();
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
