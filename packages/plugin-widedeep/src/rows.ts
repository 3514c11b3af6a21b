/**
 * Which rows fit, validate (early stopping) and test: samples.ranking's split column (0, 1, 2),
 * or, in the funnel, candidates.train's users split 90 / 10 by a seeded hash of the user id (all
 * rows of a user on one side, as its ranking lists are).
 */
import { UserError, type Table } from "@shortlist/runner";
import { hash32, keyOf } from "@shortlist/core-gpu/random";

export interface FitRows {
  fit: Int32Array;
  valid: Int32Array;
  test: Int32Array;
}

function need(t: Table, artifact: string, cols: string[]): void {
  for (const c of cols) {
    const col = t.columns[c];
    if (!col || Array.isArray(col)) throw new UserError(`rank.widedeep: ${artifact} has no numeric column "${c}" (columns: ${Object.keys(t.columns).join(", ")}); expected ${cols.join(", ")}`);
  }
  const label = t.columns.label as ArrayLike<number>;
  for (let i = 0; i < t.length; i++) {
    const y = label[i]!;
    if (y !== 0 && y !== 1) throw new UserError(`rank.widedeep: ${artifact}.label[${i}] is ${y}; labels must be 0 or 1`);
  }
}

/** @example rowsOfSamples(samples, "samples.ranking") */
export function rowsOfSamples(t: Table, artifact: string): FitRows {
  need(t, artifact, ["split", "user", "item", "label"]);
  const split = t.columns.split as ArrayLike<number>;
  const by: number[][] = [[], [], []];
  for (let i = 0; i < t.length; i++) by[split[i]!]?.push(i);
  if (by[0]!.length === 0) throw new UserError(`rank.widedeep: ${artifact} has no rows of split 0 (training); expected samples from data.features with ranking: true`);
  return { fit: Int32Array.from(by[0]!), valid: Int32Array.from(by[1]!), test: Int32Array.from(by[2]!) };
}

/** @example rowsOfCandidates(cands, "candidates.train", 42) */
export function rowsOfCandidates(t: Table, artifact: string, seed: number): FitRows {
  need(t, artifact, ["user", "item", "label"]);
  const user = t.columns.user as ArrayLike<number>;
  const fit: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < t.length; i++) (hash32(seed, keyOf("widedeep-valid"), user[i]!) % 10 === 0 ? valid : fit).push(i);
  if (fit.length === 0) throw new UserError(`rank.widedeep: ${artifact} has no rows to fit on`);
  return { fit: Int32Array.from(fit), valid: Int32Array.from(valid), test: new Int32Array(0) };
}
