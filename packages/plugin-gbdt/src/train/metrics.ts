/**
 * Validation metrics for early stopping: AUC (ties share rank), log loss, mean squared error and
 * NDCG@K averaged over groups (a group without relevant rows counts 1, as in LightGBM).
 */

/**
 * [begin, end) of each run of equal group ids.
 * @example groupRanges(Int32Array.of(4, 4, 9)); // [[0, 2], [2, 3]]
 */
export function groupRanges(group: Int32Array): [number, number][] {
  const out: [number, number][] = [];
  let b = 0;
  for (let i = 1; i <= group.length; i++) if (i === group.length || group[i] !== group[b]) { if (i > b) out.push([b, i]); b = i; }
  return out;
}

/**
 * Area under the ROC curve of scores for 0/1 labels (label > 0.5 is positive).
 * @example auc(Float64Array.of(0.1, 0.9), Float32Array.of(0, 1)); // 1
 */
export function auc(score: ArrayLike<number>, label: ArrayLike<number>): number {
  // Sort positives' and negatives' scores apart (native numeric sort, no comparator), then count
  // the pairs ordered right in one merge; ties count half.
  let np = 0;
  for (let i = 0; i < label.length; i++) if (label[i]! > 0.5) np++;
  const pos = new Float64Array(np), neg = new Float64Array(label.length - np);
  for (let i = 0, a = 0, b = 0; i < label.length; i++) { if (label[i]! > 0.5) pos[a++] = score[i]!; else neg[b++] = score[i]!; }
  if (pos.length === 0 || neg.length === 0) return 0.5;
  pos.sort(); neg.sort();
  let below = 0, pairs = 0;
  for (let i = 0; i < pos.length;) {
    const v = pos[i]!;
    let j = i;
    while (j < pos.length && pos[j] === v) j++;
    while (below < neg.length && neg[below]! < v) below++;
    let eq = below;
    while (eq < neg.length && neg[eq] === v) eq++;
    pairs += (j - i) * (below + (eq - below) / 2);
    i = j;
  }
  return pairs / (pos.length * neg.length);
}

/**
 * Mean log loss of raw margins (sigmoid applied here).
 * @example logloss(Float64Array.of(0), Float32Array.of(1)); // ln 2
 */
export function logloss(margin: ArrayLike<number>, label: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < label.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, 1 / (1 + Math.exp(-margin[i]!))));
    s -= label[i]! > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return label.length ? s / label.length : 0;
}

/**
 * Mean squared error.
 * @example l2(Float64Array.of(1, 3), Float32Array.of(1, 1)); // 2
 */
export function l2(score: ArrayLike<number>, label: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < label.length; i++) { const d = score[i]! - label[i]!; s += d * d; }
  return label.length ? s / label.length : 0;
}

/**
 * Mean NDCG@k over groups, gain 2^label − 1.
 * @example ndcgAt(10, Float64Array.of(2, 1), Float32Array.of(1, 0), Int32Array.of(0, 0)); // 1
 */
export function ndcgAt(k: number, score: ArrayLike<number>, label: ArrayLike<number>, group: Int32Array): number {
  const ranges = groupRanges(group);
  let total = 0;
  for (const [b, e] of ranges) {
    const rows = Array.from({ length: e - b }, (_, i) => b + i);
    const ideal = rows.map((r) => label[r]!).sort((x, y) => y - x);
    let idcg = 0;
    for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += (2 ** ideal[i]! - 1) / Math.log2(i + 2);
    if (idcg <= 0) { total += 1; continue; }
    rows.sort((x, y) => score[y]! - score[x]! || x - y);
    let dcg = 0;
    for (let i = 0; i < Math.min(k, rows.length); i++) dcg += (2 ** label[rows[i]!]! - 1) / Math.log2(i + 2);
    total += dcg / idcg;
  }
  return ranges.length ? total / ranges.length : 0;
}

/** A metric by name: its value from raw margins, and whether higher is better. */
export interface Metric { name: string; higherIsBetter: boolean; eval(margin: Float64Array, label: Float32Array, group?: Int32Array): number }

/**
 * Parses "auc" | "logloss" | "l2" | "ndcg@K" (K >= 1); null for anything else.
 * @example metricByName("ndcg@10")?.eval(margin, label, group);
 */
export function metricByName(name: string): Metric | null {
  if (name === "auc") return { name, higherIsBetter: true, eval: (m, l) => auc(m, l) };
  if (name === "logloss") return { name, higherIsBetter: false, eval: (m, l) => logloss(m, l) };
  if (name === "l2") return { name, higherIsBetter: false, eval: (m, l) => l2(m, l) };
  const k = /^ndcg@(\d+)$/.exec(name);
  if (k && Number(k[1]) >= 1) {
    return { name, higherIsBetter: true, eval: (m, l, g) => { if (!g) throw new Error(`metric ${name} needs group ids on the validation data`); return ndcgAt(Number(k[1]), m, l, g); } };
  }
  return null;
}
