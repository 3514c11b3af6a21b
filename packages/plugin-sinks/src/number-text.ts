/**
 * Numbers as decimal text. A float32 score widened to a double prints as 0.30000001192092896;
 * written as its shortest decimal (0.3) it reads back to the same float32 and reads well.
 */

/**
 * Shortest decimal text that reads back as the same float32 (0.3 rather than 0.30000001192092896),
 * valid as a JSON number. Throws on NaN and infinities, which JSON cannot hold.
 * @example float32Text(Math.fround(0.3)) // "0.3"
 */
export function float32Text(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`${x} cannot be written as a JSON number`);
  const s = String(x);
  if (s.length <= 9) return s;
  for (let p = 1; p <= 9; p++) {
    const t = Number(x.toPrecision(p));
    if (Math.fround(t) === x) return String(t);
  }
  return s;
}

/** Decimal text of a float64, valid as a JSON number. @example float64Text(0.1) // "0.1" */
export function float64Text(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`${x} cannot be written as a JSON number`);
  return String(x);
}

/**
 * The double a consumer should see for a score: a float32 by its shortest decimal, else as is.
 * @example scoreDouble(Math.fround(0.3), true) // 0.3
 */
export function scoreDouble(x: number, float32: boolean): number {
  return float32 && Number.isFinite(x) ? Number(float32Text(x)) : x;
}
