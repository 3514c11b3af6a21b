/**
 * Mean binary cross-entropy −[y·ln p + (1−y)·ln(1−p)] with p clipped to [1e-15, 1 − 1e-15]
 * (sklearn `log_loss`'s classic eps), so a confident wrong score costs ~34.5, not Infinity.
 * Scores must be probabilities: a score outside [0, 1] is an error, not silently clipped.
 */
export const LOGLOSS_EPS = 1e-15;

/**
 * @example logloss(new Float32Array([1, 0]), new Float32Array([0.8, 0.2])) // −ln 0.8 ≈ 0.2231
 */
export function logloss(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  if (scores.length !== n) throw new Error(`logloss: ${n} labels but ${scores.length} scores`);
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (!(s >= 0 && s <= 1)) throw new Error(`logloss: score ${s} at row ${i} is not a probability in [0, 1]`);
    const p = Math.min(Math.max(s, LOGLOSS_EPS), 1 - LOGLOSS_EPS);
    const y = labels[i]!;
    sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  return sum / n;
}
