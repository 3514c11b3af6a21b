/**
 * Area under the ROC curve for binary labels: the probability that a random positive scores above
 * a random negative, ties counted as half (the Mann–Whitney U statistic / (P·N); equals
 * sklearn `roc_auc_score` and Spark `BinaryClassificationMetrics.areaUnderROC`).
 * Returns NaN when either class is absent (AUC is undefined there).
 */

/**
 * @example auc(new Float32Array([1, 0, 1, 0]), new Float32Array([0.9, 0.3, 0.3, 0.1])) // (1 + 1 + 0.5 + 1) / 4 = 0.875
 */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>, rows?: ArrayLike<number>): number {
  const n = rows ? rows.length : labels.length;
  if (!rows && scores.length !== labels.length) throw new Error(`auc: ${labels.length} labels but ${scores.length} scores`);
  let p = 0;
  for (let j = 0; j < n; j++) if (labels[rows ? rows[j]! : j]! > 0.5) p++;
  const pos = new Float64Array(p);
  const neg = new Float64Array(n - p);
  let a = 0;
  let b = 0;
  for (let j = 0; j < n; j++) {
    const i = rows ? rows[j]! : j;
    const s = scores[i]!;
    if (Number.isNaN(s)) throw new Error(`auc: score at row ${i} is NaN`);
    if (labels[i]! > 0.5) pos[a++] = s;
    else neg[b++] = s;
  }
  if (p === 0 || p === n) return NaN;
  // Sorted classes, one sweep: for each positive count negatives below it and half of those equal.
  pos.sort();
  neg.sort();
  let below = 0;
  let equalEnd = 0;
  let u = 0;
  for (let i = 0; i < pos.length; i++) {
    const s = pos[i]!;
    while (below < neg.length && neg[below]! < s) below++;
    if (equalEnd < below) equalEnd = below;
    while (equalEnd < neg.length && neg[equalEnd]! === s) equalEnd++;
    u += below + (equalEnd - below) / 2;
  }
  return u / (pos.length * neg.length);
}
