/**
 * Whether a history table says when things happened. Without a timestamp column, or with every
 * timestamp equal (Last.fm's listening counts, a source read with `timestamp: ""` → 0), "most
 * recent first" is only row order, which is usually the file's sort order (by item id), not
 * time: weighting triggers by that order ranks arbitrary items first.
 */
import type { Table } from "@shortlist/runner";
import type { Recency } from "./recommend.ts";

/**
 * @example hasTimes(table({ user, item, timestamp: new Int32Array(n) })) // false: all equal
 */
export function hasTimes(t: Table): boolean {
  const ts = t.columns.timestamp;
  if (!ts || Array.isArray(ts) || ts.length === 0) return false;
  const first = ts[0]!;
  for (let r = 1; r < ts.length; r++) if (ts[r] !== first) return true;
  return false;
}

/**
 * The recency weighting to use, and a line to log about it (or undefined): "auto" is "sqrt" on
 * timed data and "uniform" without times; an explicit weighting on data without times is kept but
 * warned about, since it then weights the file's row order.
 * @example chooseRecency("auto", false, "split.train") // { recency: "uniform", note: "…no timestamps…" }
 */
export function chooseRecency(option: Recency | "auto", timed: boolean, artifact: string): { recency: Recency; note?: string } {
  if (option === "auto") {
    if (timed) return { recency: "sqrt" };
    return { recency: "uniform", note: `${artifact} has no timestamps (none, or all equal): recency "auto" weights every trigger the same (uniform)` };
  }
  if (option === "uniform" || timed) return { recency: option };
  return {
    recency: option,
    note: `warning: recency "${option}" weights triggers by how recent they are, but ${artifact} has no timestamps (none, or all equal), so "recent" is only row order; set recency: uniform (or auto) unless the rows are in time order`,
  };
}
