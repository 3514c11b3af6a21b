/** The labelled periods rank.candidates builds: the validation period, then any extra ones. */
import { table, UserError, type Column, type Table } from "@shortlist/runner";
import type { CandidatesOptions } from "./options.ts";

/** Where one period's lists, statistics and labels come from; feature names are the main period's. */
export interface Period {
  lists: Record<string, string>;
  history: string;
  labels: string;
  i2i: string[];
  embeddings: Record<string, { user: string; item: string }>;
}

/**
 * The validation period (`sources.*.train`, `history`, `labels`) and each of `extraPeriods`,
 * checked to name the same sources, i2i count and embeddings as the main one.
 * @example trainPeriods(o)[0].labels // "split.valid"
 */
export function trainPeriods(o: CandidatesOptions): Period[] {
  const names = Object.keys(o.sources).sort();
  const main: Period = { lists: Object.fromEntries(Object.entries(o.sources).map(([n, s]) => [n, s.train])), history: o.history, labels: o.labels, i2i: o.i2i, embeddings: o.embeddings };
  return [main, ...o.extraPeriods.map((p, k) => {
    const at = `rank.candidates.extraPeriods[${k}]`;
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(Object.keys(p.sources).sort(), names)) throw new UserError(`${at}.sources: names ${Object.keys(p.sources).join(", ") || "nothing"}; expected a list for each of sources: ${names.join(", ")}`);
    if (p.i2i.length !== o.i2i.length) throw new UserError(`${at}.i2i: names ${p.i2i.length} tables; expected one for each of i2i (${o.i2i.join(", ") || "none"}), in that order`);
    if (!same(Object.keys(p.embeddings).sort(), Object.keys(o.embeddings).sort())) throw new UserError(`${at}.embeddings: names ${Object.keys(p.embeddings).join(", ") || "nothing"}; expected the names of embeddings (${Object.keys(o.embeddings).join(", ") || "none"})`);
    return { lists: p.sources, history: p.history, labels: p.labels, i2i: p.i2i, embeddings: p.embeddings };
  })];
}

/**
 * Rows of `parts` one after the other, each part's groups numbered on after the previous part's.
 * @example appendPeriods([valid, fold]).columns.group // 0 … g−1, then g …
 */
export function appendPeriods(parts: Table[]): Table {
  if (parts.length === 1) return parts[0]!;
  const columns: Record<string, Column> = {};
  for (const name of Object.keys(parts[0]!.columns)) {
    const n = parts.reduce((s, t) => s + t.length, 0);
    const first = parts[0]!.columns[name] as Float32Array | Int32Array;
    const out = new (first.constructor as Float32ArrayConstructor | Int32ArrayConstructor)(n);
    let at = 0, offset = 0;
    for (const t of parts) {
      const c = t.columns[name] as Float32Array | Int32Array;
      if (name === "group") for (let r = 0; r < c.length; r++) out[at + r] = c[r]! + offset;
      else out.set(c, at);
      at += c.length;
      if (name === "group") offset += c.length > 0 ? c[c.length - 1]! + 1 : 0;
    }
    columns[name] = out;
  }
  return table(columns);
}
