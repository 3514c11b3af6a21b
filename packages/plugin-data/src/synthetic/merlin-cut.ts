/**
 * Merlin's synthetic generator derives every user (item) feature from the user (item) id with
 * `pandas.cut(ids, bins=max-1, labels=1..max-1)`: equal-width bins over the ids' observed range,
 * the lowest edge lowered by 0.1% of the range so the minimum falls in bin 1. This reproduces it.
 */

/**
 * Bin labels (1-based) of `ids` cut into `bins` equal-width bins over [min(ids), max(ids)].
 * @example merlinCut(new Int32Array([1, 5, 10]), 3) // Int32Array [1, 2, 3]
 */
export function merlinCut(ids: Int32Array, bins: number, out = new Int32Array(ids.length)): Int32Array {
  if (ids.length === 0) return out;
  let lo = ids[0]!;
  let hi = ids[0]!;
  for (const v of ids) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (bins <= 1) return out.fill(1);
  if (lo === hi) {
    // pandas widens a zero range by 0.1% each side; the single value lands on the middle edge,
    // which closes bin ceil(bins / 2).
    return out.fill(Math.ceil(bins / 2));
  }
  const step = (hi - lo) / bins;
  // Edges as numpy.linspace computes them (start + j·step, last edge exactly hi); intervals are (a, b].
  const edge = (j: number) => (j === bins ? hi : lo + j * step);
  for (let r = 0; r < ids.length; r++) {
    const v = ids[r]!;
    let j = Math.ceil((v - lo) / step) - 1; // candidate bin: edge(j) < v ≤ edge(j + 1)
    if (j < 0) j = 0;
    if (j > bins - 1) j = bins - 1;
    while (j > 0 && v <= edge(j)) j--;
    while (j < bins - 1 && v > edge(j + 1)) j++;
    out[r] = j + 1;
  }
  return out;
}
