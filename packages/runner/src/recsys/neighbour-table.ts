/** Dense top-N neighbour lists → the long-form `i2i.<algo>` table over raw item ids. */
import type { TopK } from "@shortlist/core-gpu";
import { table, type Table } from "../artifacts.ts";

/**
 * Builds { item, rank, neighbour, score } (rank 0-based), sorted by item then rank; items
 * without neighbours have no rows. `items[d]` is the raw id of dense item d.
 * @example
 * neighbourTable({ rows: 2, k: 1, ids: new Int32Array([1, -1]), scores: new Float32Array([0.5, -Infinity]) }, new Int32Array([10, 20]));
 * // rows: (10, 0, 20, 0.5)
 */
export function neighbourTable(top: TopK, items: Int32Array): Table {
  let n = 0;
  for (const id of top.ids) if (id >= 0) n++;
  const item = new Int32Array(n);
  const rank = new Int32Array(n);
  const neighbour = new Int32Array(n);
  const score = new Float32Array(n);
  let w = 0;
  // Dense ids ascend with raw ids, so walking dense rows in order keeps the table sorted by item.
  for (let r = 0; r < top.rows; r++) {
    for (let t = 0; t < top.k; t++) {
      const id = top.ids[r * top.k + t]!;
      if (id < 0) break;
      item[w] = items[r]!;
      rank[w] = t;
      neighbour[w] = items[id]!;
      score[w] = top.scores[r * top.k + t]!;
      w++;
    }
  }
  return table({ item, rank, neighbour, score });
}
