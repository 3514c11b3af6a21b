/**
 * From tables to the trainer's data: which columns are features, checks of the label and group
 * columns that fail with a UserError naming the stage and the column, and row subsets as
 * Float32Array columns (NaN = missing).
 */
import { Rng, keyOf } from "@shortlist/core-gpu/random";
import { UserError, type Column, type Table } from "@shortlist/runner";
import type { GbdtData, GbdtObjective } from "./model.ts";
import { NOT_FEATURES } from "./stage-options.ts";

type Numeric = Exclude<Column, string[]>;

/** Where a check runs, for messages: the stage id and the table being read. */
export interface Where { stage: string; artifact: string }

/**
 * The feature columns: the given list (each must be a numeric column), else every numeric column
 * but ids, label, group and bookkeeping.
 * @example featureNames(samples, undefined, { label: "label" }, { stage: "rank.gbdt", artifact: "samples.ranking" })
 */
export function featureNames(t: Table, given: string[] | undefined, skip: { label: string; group?: string }, at: Where): string[] {
  if (given) {
    for (const f of given) numericColumn(t, f, at, "feature", "encode it as numbers (data.features writes <column>_code) or leave it out of features");
    return given;
  }
  const exclude = new Set([...NOT_FEATURES, skip.label, ...(skip.group ? [skip.group] : [])]);
  const names = Object.entries(t.columns).filter(([n, c]) => !exclude.has(n) && !Array.isArray(c)).map(([n]) => n);
  if (names.length === 0) throw new UserError(`${at.stage}: ${at.artifact} has no numeric column to learn from besides ${[...exclude].join(", ")} (columns: ${Object.keys(t.columns).join(", ")}); name them in features`);
  return names;
}

/**
 * The categoricalFeatures option names features only (a name outside them would be silently unused).
 * @example checkCategorical(["age", "genre_code"], ["genre_code"], where)
 */
export function checkCategorical(features: string[], categorical: string[] | undefined, at: Where): void {
  for (const c of categorical ?? []) {
    if (!features.includes(c)) throw new UserError(`${at.stage}: categoricalFeatures names "${c}", which is not a feature (features: ${features.join(", ")}); expected a subset of the features`);
  }
}

/** A numeric column, or a UserError naming the stage, table, column and the fix. */
export function numericColumn(t: Table, name: string, at: Where, role: string, fix?: string): Numeric {
  const c = t.columns[name];
  if (!c) throw new UserError(`${at.stage}: ${role} column "${name}" is not in ${at.artifact} (columns: ${Object.keys(t.columns).join(", ")})`);
  if (Array.isArray(c)) {
    const sample = c.find((v) => v !== "") ?? "";
    throw new UserError(`${at.stage}: ${role} column "${name}" of ${at.artifact} holds strings (e.g. ${JSON.stringify(sample)}); expected numbers${fix ? `; ${fix}` : ""}`);
  }
  return c;
}

/**
 * The label column, checked for the objective: finite everywhere, 0/1 under binary, whole grades
 * 0..31 under lambdarank (the trainer's gain table).
 * @example const y = checkedLabel(samples, "label", "binary", where);
 */
export function checkedLabel(t: Table, name: string, objective: GbdtObjective, at: Where): Numeric {
  const y = numericColumn(t, name, at, "label");
  for (let r = 0; r < y.length; r++) {
    const v = y[r]!;
    const bad = !Number.isFinite(v) ? "not a finite number"
      : objective === "binary" && v !== 0 && v !== 1 ? "not 0 or 1"
      : objective === "lambdarank" && (v < 0 || v > 31 || !Number.isInteger(v)) ? "not a whole grade 0..31" : "";
    if (bad) {
      const expected = objective === "binary" ? "0 or 1 (objective binary)" : objective === "lambdarank" ? "a whole relevance grade 0..31 (objective lambdarank)" : "a finite number (objective regression)";
      const fix = !Number.isFinite(v) ? "drop or fill rows without a label" : objective === "binary" ? "binarise the label upstream (data.features positiveAt/negativeAt) or use objective regression" : "map relevance to grades 0..31";
      throw new UserError(`${at.stage}: label column "${name}" of ${at.artifact} is ${v} at row ${r} (${bad}); expected ${expected}; ${fix}`);
    }
  }
  return y;
}

/**
 * Query ids for lambdarank: each query's rows must be contiguous (a query split into pieces would
 * be ranked as several), and ids must be whole numbers.
 * @example const g = checkedGroups(cands, "group", where);
 */
export function checkedGroups(t: Table, name: string, at: Where): Int32Array {
  const c = numericColumn(t, name, at, "group");
  const seen = new Set<number>();
  for (let r = 0; r < c.length; r++) {
    const g = c[r]!;
    if (!Number.isInteger(g)) throw new UserError(`${at.stage}: group column "${name}" of ${at.artifact} is ${g} at row ${r}; expected a whole-number query id on every row (lambdarank ranks within each query)`);
    if (r > 0 && g === c[r - 1]) continue;
    if (seen.has(g)) throw new UserError(`${at.stage}: group column "${name}" of ${at.artifact}: query ${g} reappears at row ${r} after other queries; expected each query's rows together (sort by ${name})`);
    seen.add(g);
  }
  return Int32Array.from(c);
}

/**
 * Rows `rows` of `t` as trainer data: features as Float32Array (NaN stays missing), label, groups.
 * @example const train = gbdtData(samples, ["age"], y, rowsOf(split, 0));
 */
export function gbdtData(t: Table, features: string[], label: Numeric, rows: Int32Array, group?: Int32Array): GbdtData {
  const pick = (c: ArrayLike<number>) => Float32Array.from(rows, (r) => c[r]!);
  return {
    features: features.map((f) => pick(t.columns[f] as Numeric)),
    featureNames: features,
    label: pick(label),
    ...(group ? { group: Int32Array.from(rows, (r) => group[r]!) } : {}),
  };
}

/** Row numbers where `keep(r)` holds, in order. @example rowsWhere(n, (r) => split[r] === 0) */
export function rowsWhere(n: number, keep: (r: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < n; r++) if (keep(r)) out.push(r);
  return Int32Array.from(out);
}

/**
 * Which users are held out for validation: each distinct user independently with probability
 * `share`, from a stream seeded by the run seed (so the same run holds out the same users).
 * @example const held = heldOutUsers(userColumn, 0.2, ctx.seed); held.has(7);
 */
export function heldOutUsers(users: ArrayLike<number>, share: number, seed: number): Set<number> {
  const distinct = [...new Set(Array.from(users))].sort((a, b) => a - b);
  const rng = new Rng(seed, keyOf("rank.gbdt validation users"));
  return new Set(distinct.filter(() => rng.float() < share));
}

/** Both classes present among `rows` of a 0/1 label, else a UserError (AUC is undefined). */
export function checkBothClasses(label: ArrayLike<number>, rows: Int32Array, what: string, labelName: string, at: Where, fix: string): void {
  let pos = 0;
  for (const r of rows) if (label[r] === 1) pos++;
  if (pos === 0 || pos === rows.length) {
    throw new UserError(`${at.stage}: label column "${labelName}" of ${at.artifact} has only ${pos === 0 ? "0s" : "1s"} in ${what} (${rows.length} rows); expected both classes so that the validation AUC is defined; ${fix}`);
  }
}

/** lambdarank: some validation row must be relevant (grade > 0), else NDCG is the same every round. */
export function checkSomeRelevant(label: ArrayLike<number>, rows: Int32Array, what: string, labelName: string, at: Where, fix: string): void {
  for (const r of rows) if (label[r]! > 0) return;
  throw new UserError(`${at.stage}: label column "${labelName}" of ${at.artifact} is 0 on every row of ${what} (${rows.length} rows); expected some relevant rows (grade > 0) so that the validation NDCG can tell rounds apart; ${fix}`);
}
