/** The artifacts a retrieval stage writes: `recs.<algo>` from a TopK, `emb.<algo>.*` from vectors. */
import type { TopK } from "@shortlist/core-gpu";
import { table, type Table } from "@shortlist/runner";

/**
 * `{ user, rank, item, score }` (rank from 1) from a TopK whose row r is user `users[r]` and whose
 * ids index `items`; empty slots (id −1) are left out. Rows come out sorted by user then rank when
 * `users` is ascending (dense ids are).
 * @example
 * ctx.output("recs.simplex", recsTable(top, ix.users, ix.items));
 */
export function recsTable(top: TopK, users: Int32Array, items: Int32Array): Table {
  let n = 0;
  for (const id of top.ids) if (id >= 0) n++;
  const [user, rank, item, score] = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Float32Array(n)];
  let w = 0;
  for (let r = 0; r < top.rows; r++) {
    for (let t = 0; t < top.k; t++) {
      const id = top.ids[r * top.k + t]!;
      if (id < 0) continue;
      user[w] = users[r]!;
      rank[w] = t + 1;
      item[w] = items[id]!;
      score[w++] = top.scores[r * top.k + t]!;
    }
  }
  return table({ user, rank, item, score });
}

/**
 * An embedding table: the id column `key` (raw ids) and one f32 column per dimension, e0 … e{d−1}
 * (flat parquet any tool reads; a row is one vector).
 * @example
 * ctx.output("emb.simplex.item", embeddingTable("item", ix.items, itemVecs, 64));
 */
export function embeddingTable(key: string, ids: Int32Array, vectors: Float32Array, dim: number): Table {
  const columns: Record<string, Int32Array | Float32Array> = { [key]: Int32Array.from(ids) };
  for (let j = 0; j < dim; j++) columns[`e${j}`] = Float32Array.from({ length: ids.length }, (_, r) => vectors[r * dim + j]!);
  return table(columns);
}
