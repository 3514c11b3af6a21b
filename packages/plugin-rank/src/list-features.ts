/** Features of the recall lists themselves: per-source score, rank and normalised score; agreement. */
import type { Column } from "@shortlist/runner";
import type { CandidateRows } from "./union.ts";

/**
 * For each source `name`: name_score and name_rank (NaN when it did not retrieve the item) and
 * name_norm = score ÷ the user's best score from that source (scores of different users are on
 * different scales; a tree splits on one threshold for all). Then `sources`, how many sources
 * retrieved the item, and `best_rank`, the best rank any gave it.
 * @example
 * listFeatures(rows, ["itemcf", "swing"]); // { itemcf_score, itemcf_rank, itemcf_norm, swing_score, …, sources, best_rank }
 */
export function listFeatures(rows: CandidateRows, names: string[]): Record<string, Column> {
  const n = rows.user.length;
  const out: Record<string, Column> = {};
  const sources = new Float32Array(n);
  const bestRank = new Float32Array(n).fill(NaN);
  names.forEach((name, s) => {
    const score = rows.score[s]!;
    const rank = rows.rank[s]!;
    const norm = new Float32Array(n);
    // Best score per group: rows of a group are contiguous.
    for (let from = 0; from < n; ) {
      let to = from;
      let best = -Infinity;
      while (to < n && rows.group[to] === rows.group[from]) {
        if (score[to]! > best) best = score[to]!;
        to++;
      }
      for (let r = from; r < to; r++) norm[r] = Number.isNaN(score[r]!) ? NaN : best > 0 ? score[r]! / best : 0;
      from = to;
    }
    for (let r = 0; r < n; r++) {
      if (Number.isNaN(rank[r]!)) continue;
      sources[r]!++;
      if (!(bestRank[r]! <= rank[r]!)) bestRank[r] = rank[r]!;
    }
    out[`${name}_score`] = score;
    out[`${name}_rank`] = rank;
    out[`${name}_norm`] = norm;
  });
  out.sources = sources;
  out.best_rank = bestRank;
  return out;
}
