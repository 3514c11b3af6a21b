/** An `i2i.<algo>` table ({ item, neighbour, score, rank? }) as per-item lists over dense ids. */
import { column, UserError, type Table } from "@shortlist/runner";
import { intIds, type DenseIds } from "@shortlist/runner/recsys";

export interface NeighbourLists {
  /** Item d's neighbours are ids[start[d] .. start[d+1]) with scores alike. */
  start: Int32Array;
  ids: Int32Array;
  scores: Float32Array;
}

/**
 * Groups the rows of an i2i table by item over dense item ids (`items` must hold every item and
 * neighbour of the table).
 * @example
 * const lists = neighbourLists(await ctx.table("i2i.itemcf"), "i2i.itemcf", items);
 */
export function neighbourLists(t: Table, artifact: string, items: DenseIds): NeighbourLists {
  const nItems = items.values.length;
  const item = intIds(t, "item", artifact);
  const neighbour = intIds(t, "neighbour", artifact);
  const raw = column(t, "score", artifact);
  if (Array.isArray(raw)) throw new UserError(`${artifact}.score holds strings; expected numeric similarity scores`);
  const start = new Int32Array(nItems + 1);
  const di = items.map(item);
  const dn = items.map(neighbour);
  for (let r = 0; r < di.length; r++) start[di[r]! + 1]!++; // an index loop: for…of over a typed array iterates slower
  for (let d = 0; d < nItems; d++) start[d + 1]! += start[d]!;
  const scores = new Float32Array(item.length);
  // i2i tables are written sorted by item (recall.itemcf, recall.swing): then row r is slot r
  let sorted = true;
  for (let r = 1; r < di.length && sorted; r++) sorted = di[r - 1]! <= di[r]!;
  if (sorted) {
    for (let r = 0; r < item.length; r++) {
      const s = raw[r]!;
      if (Number.isNaN(s)) throw new UserError(`${artifact} row ${r}: score is NaN; expected a number`);
      scores[r] = s;
    }
    return { start, ids: dn, scores };
  }
  const fill = start.slice(0, nItems);
  const ids = new Int32Array(item.length);
  for (let r = 0; r < item.length; r++) {
    const s = raw[r]!;
    if (Number.isNaN(s)) throw new UserError(`${artifact} row ${r}: score is NaN; expected a number`);
    const slot = fill[di[r]!]!++;
    ids[slot] = dn[r]!;
    scores[slot] = s;
  }
  return { start, ids, scores };
}
