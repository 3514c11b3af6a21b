/** One recall source's `recs.<algo>` table, cut to its top `depth` per user, with ranks from 1. */
import { column, UserError, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";

export interface SourceList {
  user: Int32Array;
  item: Int32Array;
  score: Float32Array;
  /** Position in the user's list, 1 = first. */
  rank: Int32Array;
}

/**
 * Reads `{ user, item, score, rank? }`. The rank column only orders a user's rows (so 0- and
 * 1-based ranks both work: recall.i2i-recs writes 0-based ones); without it, row order does.
 * The rank written is the position from 1, so every source's ranks mean the same.
 * @example
 * const l = sourceList(table({ user: Int32Array.of(1, 1), rank: Int32Array.of(0, 1), item: Int32Array.of(5, 6), score: Float32Array.of(2, 1) }), "recs.itemcf", 1);
 * // l.item [5], l.rank [1]
 */
export function sourceList(t: Table, artifact: string, depth: number): SourceList {
  const user = intIds(t, "user", artifact);
  const item = intIds(t, "item", artifact);
  const score = numbers(t, "score", artifact);
  const order = Int32Array.from({ length: t.length }, (_, r) => r);
  const rankCol = t.columns.rank ? numbers(t, "rank", artifact) : undefined;
  order.sort((a, b) => user[a]! - user[b]! || (rankCol ? rankCol[a]! - rankCol[b]! : 0) || a - b);
  const keep: number[] = [];
  const ranks: number[] = [];
  const seen = new Set<number>();
  for (let p = 0, r = 0; p < order.length; p++) {
    const row = order[p]!;
    if (p === 0 || user[order[p - 1]!] !== user[row]) {
      r = 0;
      seen.clear();
    }
    if (seen.has(item[row]!)) throw new UserError(`rank.candidates: ${artifact} lists item ${item[row]} twice for user ${user[row]}; expected each item at most once per user (a recs table)`);
    seen.add(item[row]!);
    if (++r <= depth) {
      keep.push(row);
      ranks.push(r);
    }
  }
  return {
    user: Int32Array.from(keep, (r) => user[r]!),
    item: Int32Array.from(keep, (r) => item[r]!),
    score: Float32Array.from(keep, (r) => score[r]!),
    rank: Int32Array.from(ranks),
  };
}

function numbers(t: Table, name: string, artifact: string): ArrayLike<number> {
  let c;
  try {
    c = column(t, name, artifact);
  } catch (e) {
    throw new UserError(`rank.candidates: ${(e as Error).message}; expected a recs table { user, rank, item, score }`);
  }
  if (Array.isArray(c)) throw new UserError(`rank.candidates: ${artifact}.${name} holds strings; expected numbers`);
  return c;
}
