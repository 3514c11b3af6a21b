/**
 * Integer hashing for the wide part, defined so that the ONNX graph can compute it exactly:
 * arithmetic in the prime field P = 2³¹ − 1, where every product of two residues stays below 2⁶²
 * (int64 Mul + Mod in ONNX) and JavaScript computes the same product exactly by splitting one
 * factor into 16-bit halves. A wide feature k over columns c₁…cₘ hashes as
 *   h₀ = k + 1,  hⱼ = (hⱼ₋₁·A + (vⱼ mod P)) mod P,  bucket = (hₘ·A mod P) mod buckets
 * with A a multiplier near P/φ (a Weyl-style scramble), so a cross of small codes spreads over the
 * buckets instead of landing on a lattice. Deep fields need no hash: a value's row is v mod rows.
 */

/** The field's modulus, 2³¹ − 1 (prime). */
export const P = 2147483647;
/** The multiplier, ≈ P/φ. */
export const A = 1327217885;

/** x mod m in [0, m) for any integer x (ONNX Mod with fmod = 0 on int64 does the same). */
export function modPos(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}

/**
 * (x·y) mod P for x, y in [0, P), exact in doubles.
 * @example mulmod(P - 1, P - 1) // 1
 */
export function mulmod(x: number, y: number): number {
  const hi = Math.floor(y / 65536);
  const lo = y % 65536;
  return ((((x * hi) % P) * 65536) + x * lo) % P;
}

/**
 * The wide bucket of feature number `k` (0-based) whose columns hold `values` on one row.
 * @example wideBucket(0, [42], 1 << 20) // the one-hot bucket of value 42 of the first feature
 */
export function wideBucket(k: number, values: readonly number[], buckets: number): number {
  let h = k + 1;
  for (const v of values) h = (mulmod(h, A) + modPos(v, P)) % P;
  return mulmod(h, A) % buckets;
}
