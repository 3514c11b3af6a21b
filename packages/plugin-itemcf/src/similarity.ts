/**
 * ItemCF similarities as core-gpu co-occurrence options. With user weights r_u (rowWeights) the
 * co-occurrence is c(i,j) = Σ_{u ∈ U_i ∩ U_j} r_u, and the per-item statistic is
 * S(i) = Σ_{u ∈ U_i} r_u (binary interactions, so x² = x):
 *  - cosine:      c / (√S(i)·√S(j) + shrink)
 *  - jaccard:     c / (S(i) + S(j) − c + shrink)
 *  - asymmetric:  c / (S(i)^α · S(j)^(1−α) + shrink)
 * The user weight is r_u = |I_u|^(−activityExponent). Exponent 1 is MetaSpore's w_u = 1/√|I_u|,
 * entering as r_u = w_u² = 1/|I_u|, so cosine with exponent 1 is MetaSpore's default
 * Σ w_u² / (√Σ_{U_i} w_u² · √Σ_{U_j} w_u²); exponent 0 (r_u = 1) gives the plain forms (S(i) = |U_i|).
 */
import type { CooccurrenceOptions, Csr } from "@shortlist/core-gpu";

export type Similarity = "cosine" | "jaccard" | "asymmetric";

export interface SimilaritySpec {
  similarity: Similarity;
  /** r_u = |I_u|^(−activityExponent); 0 weighs every user alike. */
  activityExponent: number;
  /** Exponent on the source item's statistic (asymmetric only). */
  alpha: number;
  shrink: number;
  minCount: number;
  neighbours: number;
}

/**
 * The co-occurrence options computing `spec` on the binary user×item matrix `x`.
 * @example
 * const o = similarityOptions(x, { similarity: "cosine", activityExponent: 1, alpha: 0.5, shrink: 0, minCount: 1, neighbours: 20 });
 * const top = await backend.cooccurrenceTopN(x, o);
 */
export function similarityOptions(x: Csr, spec: SimilaritySpec): CooccurrenceOptions {
  let rowWeights: Float32Array | undefined;
  if (spec.activityExponent !== 0) {
    rowWeights = new Float32Array(x.rows);
    for (let u = 0; u < x.rows; u++) {
      const n = x.indptr[u + 1]! - x.indptr[u]!;
      rowWeights[u] = n > 0 ? Math.pow(n, -spec.activityExponent) : 0;
    }
  }
  const stat = new Float64Array(x.cols);
  for (let u = 0; u < x.rows; u++) {
    const r = rowWeights ? rowWeights[u]! : 1;
    for (let p = x.indptr[u]!; p < x.indptr[u + 1]!; p++) stat[x.indices[p]!]! += r;
  }
  const shrink = spec.shrink;
  const base = { topN: spec.neighbours, rowWeights, minCount: spec.minCount };
  switch (spec.similarity) {
    case "cosine":
      return { ...base, transform: { kind: "cosine", rowStat: Float32Array.from(stat, Math.sqrt), shrink } };
    case "jaccard":
      return { ...base, transform: { kind: "jaccard", rowStat: Float32Array.from(stat), shrink } };
    case "asymmetric":
      return { ...base, transform: { kind: "asymmetric", rowStat: Float32Array.from(stat), alpha: spec.alpha, shrink } };
  }
}
