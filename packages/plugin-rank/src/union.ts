/** The union of several sources' lists: one candidate row per (user, item) any source retrieved. */
import type { SourceList } from "./source-list.ts";

export interface CandidateRows {
  user: Int32Array;
  item: Int32Array;
  /** One group per user, 0, 1, … in the order users appear (ascending ids); rows of a group contiguous. */
  group: Int32Array;
  /** Per source (in the order given): its score and rank, NaN where it did not retrieve the item. */
  score: Float32Array[];
  rank: Float32Array[];
}

/**
 * Unions the lists of the users `keep` accepts (all by default). Rows go by user id, then by the
 * best rank any source gave the item, then by item id, so the table does not depend on how the
 * inputs were ordered.
 * @example
 * const u = unionLists([itemcf, swing], (user) => validUsers.has(user));
 * // u.score[0][r] is ItemCF's score of row r, NaN if ItemCF did not retrieve it
 */
export function unionLists(lists: SourceList[], keep: (user: number) => boolean = () => true): CandidateRows {
  // user → item → [score, rank] per source
  const byUser = new Map<number, Map<number, Float64Array>>();
  const S = lists.length;
  lists.forEach((l, s) => {
    for (let r = 0; r < l.user.length; r++) {
      const u = l.user[r]!;
      if (!keep(u)) continue;
      let items = byUser.get(u);
      if (!items) byUser.set(u, (items = new Map()));
      let cell = items.get(l.item[r]!);
      if (!cell) items.set(l.item[r]!, (cell = new Float64Array(2 * S).fill(NaN)));
      cell[2 * s] = l.score[r]!;
      cell[2 * s + 1] = l.rank[r]!;
    }
  });
  const users = [...byUser.keys()].sort((a, b) => a - b);
  const n = users.reduce((sum, u) => sum + byUser.get(u)!.size, 0);
  const out: CandidateRows = {
    user: new Int32Array(n),
    item: new Int32Array(n),
    group: new Int32Array(n),
    score: lists.map(() => new Float32Array(n)),
    rank: lists.map(() => new Float32Array(n)),
  };
  let w = 0;
  users.forEach((u, g) => {
    const rows = [...byUser.get(u)!].map(([item, cell]) => ({ item, cell, best: bestRank(cell, S) }));
    rows.sort((a, b) => a.best - b.best || a.item - b.item);
    for (const { item, cell } of rows) {
      out.user[w] = u;
      out.item[w] = item;
      out.group[w] = g;
      for (let s = 0; s < S; s++) {
        out.score[s]![w] = cell[2 * s]!;
        out.rank[s]![w] = cell[2 * s + 1]!;
      }
      w++;
    }
  });
  return out;
}

function bestRank(cell: Float64Array, sources: number): number {
  let best = Infinity;
  for (let s = 0; s < sources; s++) if (cell[2 * s + 1]! < best) best = cell[2 * s + 1]!;
  return best;
}
