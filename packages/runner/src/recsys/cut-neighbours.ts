/**
 * Neighbour tables `{ item, rank, neighbour, score }` (rank from 0, rows sorted by item then rank,
 * as neighbourTable writes) cut to fewer neighbours per item, and the `derive` that recall stages
 * with a `neighbours` option share (recall.itemcf, recall.swing): each item's list is ordered by
 * score, ties by item id, and a pair's score does not depend on how many neighbours are kept, so
 * the first n rows of a top-N list (N ≥ n) are exactly the top-n list. `shortlist tune` uses it to
 * compute a stage once at the largest `neighbours` of a search and cut it for the other values.
 */
import { column, table, type Artifact, type Table } from "../artifacts.ts";
import type { StageDerive } from "../stage-derive.ts";

/**
 * The rows with rank < n, in the same order.
 * @example cutNeighbours(top800, 50) // every item's first 50 neighbours
 */
export function cutNeighbours(t: Table, n: number): Table {
  const rank = column(t, "rank", "neighbour table") as Int32Array;
  let kept = 0;
  for (let r = 0; r < rank.length; r++) if (rank[r]! < n) kept++;
  const keep = new Int32Array(kept);
  for (let r = 0, w = 0; r < rank.length; r++) if (rank[r]! < n) keep[w++] = r;
  const cols: Record<string, Int32Array | Float32Array> = {};
  for (const name of ["item", "rank", "neighbour", "score"]) {
    const src = column(t, name, "neighbour table") as Int32Array | Float32Array;
    const out = new (src.constructor as Int32ArrayConstructor | Float32ArrayConstructor)(kept);
    for (let r = 0; r < kept; r++) out[r] = src[keep[r]!]!;
    cols[name] = out;
  }
  return table(cols);
}

/** Whether a and b agree on every option but `neighbours`. @example sameButNeighbours(a, { ...a, neighbours: 5 }) // true */
export function sameButNeighbours(a: object, b: object): boolean {
  const va = a as Record<string, unknown>;
  const vb = b as Record<string, unknown>;
  const ka = Object.keys(va).filter((k) => k !== "neighbours");
  return ka.length === Object.keys(vb).filter((k) => k !== "neighbours").length && ka.every((k) => k in vb && JSON.stringify(va[k]) === JSON.stringify(vb[k]));
}

/**
 * A neighbour stage's `derive`: outputs at `neighbours: n` from those at N ≥ n, other options equal.
 * @example defineStage({ …, derive: neighboursDerive })
 */
export const neighboursDerive: StageDerive<{ neighbours: number; output: string }> = {
  covers: (from, to) => from.neighbours >= to.neighbours && sameButNeighbours(from, to),
  derive(outputs, from, to) {
    const top = outputs[from.output] as Artifact | undefined;
    if (top?.kind !== "table") throw new Error(`neighbours derive: no table ${from.output} among the cached outputs`);
    return { [to.output]: cutNeighbours(top, to.neighbours) };
  },
};
