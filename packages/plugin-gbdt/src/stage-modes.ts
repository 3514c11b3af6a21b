/**
 * The two ways rank.gbdt gets its rows, both leakage-free by construction:
 *  - samples mode: a samples table with a split column; fit on split 0, early-stop on split 1,
 *    score split 2 (the held-out test rows), which eval.scores then measures;
 *  - funnel mode: candidate lists of the validation period (`candidates.train`); a seeded share
 *    of their users is held out to early-stop on, the rest train; the lists built for the test
 *    period (`candidates.test`, whose labels are never read) are scored and cut to k per user.
 * Every check that can fail on the user's data runs here, before any training.
 */
import { UserError, type Table } from "@shortlist/runner";
import type { GbdtData } from "./model.ts";
import { checkBothClasses, checkCategorical, checkSomeRelevant, checkedGroups, checkedLabel, featureNames, gbdtData, heldOutUsers, numericColumn, rowsWhere, type Where } from "./stage-data.ts";
import type { GbdtStageOptions } from "./stage-options.ts";

/** What the stage trains on and what it scores. */
export interface Prepared {
  features: string[];
  train: GbdtData;
  valid: GbdtData | undefined;
  /** The table whose rows `scoreRows` are scored (with its name, for messages). */
  scored: { table: Table; name: string; rows: Int32Array; columns: Float32Array[] };
}

const TRAIN = 0, VALID = 1, TEST = 2;

/** The query column under lambdarank: the option, else `group` when present, else `user`. */
function groupColumn(t: Table, o: GbdtStageOptions): string | undefined {
  if (o.objective !== "lambdarank") return undefined;
  return o.group ?? ("group" in t.columns ? "group" : "user");
}

/** Binary with a validation set: AUC (the default metric) needs both classes there. */
function needsBothClasses(o: GbdtStageOptions): boolean {
  return o.objective === "binary" && (o.metric ?? "auc") === "auc";
}

/**
 * Samples mode: rows of `o.input` by its split column.
 * @example const p = samplesMode(await ctx.table("samples.ranking"), o, "rank.gbdt");
 */
export function samplesMode(t: Table, o: GbdtStageOptions, stage: string): Prepared {
  const at: Where = { stage, artifact: o.input };
  const split = numericColumn(t, "split", at, "split", "samples mode needs 0 (train), 1 (valid), 2 (test) per row; for candidate lists set the candidates option");
  for (const id of ["user", "item"]) numericColumn(t, id, at, id, "scores.<name> carries each scored row's user and item for eval.scores");
  const group = groupColumn(t, o);
  const features = featureNames(t, o.features, { label: o.label, group }, at);
  checkCategorical(features, o.categoricalFeatures, at);
  const label = checkedLabel(t, o.label, o.objective, at);
  const groups = group ? checkedGroups(t, group, at) : undefined;
  const train = rowsWhere(t.length, (r) => split[r] === TRAIN);
  const valid = rowsWhere(t.length, (r) => split[r] === VALID);
  const test = rowsWhere(t.length, (r) => split[r] === TEST);
  for (const [rows, what] of [[train, "0 (train)"], [test, "2 (test)"]] as const) {
    if (rows.length === 0) throw new UserError(`${stage}: ${o.input} has no row with split ${what}; expected rows of every split (data.features with ranking: true writes them)`);
  }
  if (valid.length > 0 && needsBothClasses(o)) checkBothClasses(label, valid, "the validation rows (split 1)", o.label, at, "use a split with more validation rows or a metric other than auc");
  if (valid.length > 0 && o.objective === "lambdarank") checkSomeRelevant(label, valid, "the validation rows (split 1)", o.label, at, "use a split with more validation rows");
  return {
    features,
    train: gbdtData(t, features, label, train, groups),
    valid: valid.length > 0 ? gbdtData(t, features, label, valid, groups) : undefined,
    scored: { table: t, name: o.input, rows: test, columns: gbdtData(t, features, label, test).features },
  };
}

/**
 * Funnel mode: learn from `o.candidates` (users split into train and validation), score `o.rank`.
 * @example const p = funnelMode(await ctx.table("candidates.train"), await ctx.table("candidates.test"), o, "rank.gbdt", ctx.seed);
 */
export function funnelMode(cands: Table, toRank: Table, o: GbdtStageOptions & { candidates: string }, stage: string, seed: number): Prepared {
  const at: Where = { stage, artifact: o.candidates };
  const group = groupColumn(cands, o);
  const features = featureNames(cands, o.features, { label: o.label, group }, at);
  checkCategorical(features, o.categoricalFeatures, at);
  for (const f of features) numericColumn(toRank, f, { stage, artifact: o.rank }, "feature", `${o.rank} must carry the features ${o.candidates} has`);
  const label = checkedLabel(cands, o.label, o.objective, at);
  const groups = group ? checkedGroups(cands, group, at) : undefined;
  const users = numericColumn(cands, "user", at, "user");
  const held = heldOutUsers(users, o.validShare, seed);
  const valid = rowsWhere(cands.length, (r) => held.has(users[r]!));
  const train = rowsWhere(cands.length, (r) => !held.has(users[r]!));
  if (valid.length === 0 || train.length === 0) {
    throw new UserError(`${stage}: holding out validShare ${o.validShare} of the users of ${o.candidates} left ${valid.length === 0 ? "no validation" : "no training"} rows (${new Set(Array.from(users)).size} users); expected both; use more users or another validShare`);
  }
  if (needsBothClasses(o)) {
    const fix = "use a larger validShare, more candidates per user (rank.candidates), or a metric other than auc";
    checkBothClasses(label, valid, `the held-out validation users (validShare ${o.validShare})`, o.label, at, fix);
  }
  if (o.objective === "lambdarank") checkSomeRelevant(label, valid, `the held-out validation users (validShare ${o.validShare})`, o.label, at, "use a larger validShare or more candidates per user (rank.candidates)");
  const all = rowsWhere(toRank.length, () => true);
  return {
    features,
    train: gbdtData(cands, features, label, train, groups),
    valid: gbdtData(cands, features, label, valid, groups),
    scored: { table: toRank, name: o.rank, rows: all, columns: features.map((f) => Float32Array.from(toRank.columns[f] as ArrayLike<number>)) },
  };
}
