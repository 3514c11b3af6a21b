/** The dataset panel: size, users, items and density of the interactions and of each split. */
import type { Table } from "../artifacts.ts";

export interface TableStats {
  name: string;
  rows: number;
  users: number;
  items: number;
  /** rows / (users × items): the share of the user × item matrix that is filled. */
  density: number;
}

/** The tables the panel shows, in this order, when the run has them. */
export const DATASET_TABLES = ["interactions", "split.train", "split.valid", "split.test"];

function distinct(col: Table["columns"][string] | undefined): number {
  if (!col) return 0;
  const seen = new Set<unknown>();
  for (let i = 0; i < col.length; i++) seen.add(col[i]);
  return seen.size;
}

/**
 * Counts one interactions-shaped table ({ user, item, … }); a table without those columns counts
 * its rows only.
 * @example tableStats("split.test", table({ user: new Int32Array([1, 1, 2]), item: new Int32Array([5, 6, 5]) }))
 * // { name: "split.test", rows: 3, users: 2, items: 2, density: 0.75 }
 */
export function tableStats(name: string, t: Table): TableStats {
  const users = distinct(t.columns.user), items = distinct(t.columns.item);
  return { name, rows: t.length, users, items, density: users && items ? t.length / (users * items) : 0 };
}
