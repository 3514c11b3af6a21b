/**
 * Ragged lists stored long-form (`recs.*`: user, rank, item, score; `i2i.*`: item, rank, neighbour,
 * score), viewed as one list per key. Every sink that writes "a list per user/item" starts here.
 */
import { UserError, type Column, type Table } from "@shortlist/runner";
import { familyOf } from "./artifact-names.ts";

type Numeric = Exclude<Column, string[]>;

export interface RankedLists {
  /** The key of list g (a user id for recs, an item id for i2i). */
  keys: Int32Array;
  /** List g is rows starts[g] .. starts[g+1]-1 (length keys.length + 1). */
  starts: Int32Array;
  /** Member ids (recommended item / neighbour), in rank order within a list. */
  ids: Numeric;
  scores: Numeric;
  /** Source rows: the sum of all list lengths. */
  rows: number;
}

function numeric(t: Table, artifact: string, name: string): Numeric {
  const c = t.columns[name];
  if (!c) {
    throw new UserError(`${artifact} has no column "${name}" (columns: ${Object.keys(t.columns).join(", ")}); a ${familyOf(artifact).kind} table needs ${name}`);
  }
  if (Array.isArray(c)) throw new UserError(`${artifact} column "${name}" holds strings; expected numbers`);
  return c;
}

/**
 * The columns a list table is read by: its key, its members and their scores (the rank is the
 * order of the rows).
 * @example listColumns("i2i.swing") // ["item", "neighbour", "score"]
 */
export function listColumns(artifact: string): [key: string, member: string, score: string] {
  return familyOf(artifact).kind === "i2i" ? ["item", "neighbour", "score"] : ["user", "item", "score"];
}

/**
 * Splits a long-form list table into lists, checking it is sorted by key as the convention says.
 * @example
 * const l = rankedLists(recs, "recs.itemcf");
 * for (let g = 0; g < l.keys.length; g++) for (let r = l.starts[g]!; r < l.starts[g + 1]!; r++) l.ids[r];
 */
export function rankedLists(t: Table, artifact: string): RankedLists {
  const fam = familyOf(artifact);
  const [keyName, idName] = listColumns(artifact);
  const key = numeric(t, artifact, keyName);
  const ids = numeric(t, artifact, idName);
  const scores = numeric(t, artifact, "score");
  const n = t.length;
  let groups = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || key[i] !== key[i - 1]) {
      // Rows of one key must be contiguous: with the table sorted by key, a key never comes back.
      if (i > 0 && key[i]! < key[i - 1]!) {
        throw new UserError(`${artifact} is not sorted by ${keyName}: row ${i} has ${keyName} ${key[i]} after ${key[i - 1]} (the ${fam.kind} convention is sorted by ${keyName} then rank)`);
      }
      groups++;
    }
  }
  const keys = new Int32Array(groups);
  const starts = new Int32Array(groups + 1);
  let g = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || key[i] !== key[i - 1]) {
      keys[g] = key[i]!;
      starts[g++] = i;
    }
  }
  starts[groups] = n;
  return { keys, starts, ids, scores, rows: n };
}
