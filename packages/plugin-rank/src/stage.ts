/** rank.candidates: recall lists → one labelled candidate table per period, with features, for rankers. */
import { defineStage, table, UserError, type Column, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";
import { embeddingFeatures } from "./embedding-features.ts";
import { historyStats } from "./history-stats.ts";
import { affinity, joinValues, keyedValues } from "./join-columns.ts";
import { labelColumn, labelPairs } from "./labels.ts";
import { listFeatures } from "./list-features.ts";
import { neighbourFeatures } from "./neighbour-features.ts";
import { appendPeriods, trainPeriods, type Period } from "./periods.ts";
import { candidatesInputs, candidatesOptions, type CandidatesOptions } from "./options.ts";
import { sourceList } from "./source-list.ts";
import { unionLists } from "./union.ts";

/** Keyed feature tables of one period (user and item tables are shared by all). */
interface Joins {
  history: Table;
  user?: Table;
  item?: Table;
  i2i: Table[];
  embeddings: [string, Table, Table][];
}

export const candidatesStage = defineStage({
  kind: "rank",
  description: "Unions recall lists into per-user candidate tables (source scores and ranks, training statistics, joined features), labelled from the validation period",
  options: candidatesOptions,
  inputs: (o) => candidatesInputs(o),
  outputs: (o) => [`${o.output}.train`, `${o.output}.test`],
  async run(ctx, o) {
    const names = Object.keys(o.sources);
    checkJoins(o);
    const periods = trainPeriods(o);
    const user = o.userTable ? await ctx.table(o.userTable) : undefined;
    const item = o.itemTable ? await ctx.table(o.itemTable) : undefined;
    const joinsOf = async (p: Period): Promise<Joins> => ({
      history: await ctx.table(p.history),
      user,
      item,
      i2i: await Promise.all(p.i2i.map((name) => ctx.table(name))),
      embeddings: await Promise.all(Object.keys(o.embeddings).map(async (name) => [name, await ctx.table(p.embeddings[name]!.user), await ctx.table(p.embeddings[name]!.item)] as [string, Table, Table])),
    });
    const build = async (p: Period, pairs: Map<number, Map<number, number>>, lists: Record<string, string>, keep?: (user: number) => boolean) => {
      const cut = [];
      for (const name of names) cut.push(sourceList(await ctx.table(lists[name]!), lists[name]!, o.depth));
      return candidateTable(unionLists(cut, keep), names, pairs, await joinsOf(p), p, o);
    };
    // Ranker training: only users who have label rows, so every group can hold a positive.
    const parts: Table[] = [];
    let positives = 0;
    for (const [k, p] of periods.entries()) {
      const pairs = labelPairs(await ctx.table(p.labels), p.labels, o.gain);
      const part = await build(p, pairs, p.lists, (u) => pairs.has(u));
      const hits = sum(part.columns.label as Float32Array, (g) => (g > 0 ? 1 : 0));
      const labelled = [...pairs.values()].reduce((n, m) => n + m.size, 0);
      const suffix = k === 0 ? "" : `.extra${k}`;
      ctx.metrics.record(`train_rows${suffix}`, part.length);
      ctx.metrics.record(`train_positives${suffix}`, hits);
      // The most any ranker of these candidates can reach: the share of held-out pairs retrieved.
      ctx.metrics.record(`train_candidate_recall${suffix}`, labelled > 0 ? hits / labelled : 0);
      ctx.log(`${o.output}.train${k === 0 ? "" : ` (extra period ${k}, ${p.labels})`}: ${part.length} rows, ${countGroups(part)} users, ${hits} positives (${((100 * hits) / Math.max(labelled, 1)).toFixed(1)} % of ${p.labels})`);
      if (k === 0) positives = hits;
      parts.push(part);
    }
    const train = appendPeriods(parts);
    ctx.progress(1, 2, "candidates.train");
    const validPairs = labelPairs(await ctx.table(o.labels), o.labels, o.gain);
    const test = await build(periods[0]!, validPairs, Object.fromEntries(Object.entries(o.sources).map(([n, s]) => [n, s.test])));
    if (periods.length > 1) ctx.metrics.record("train_rows_all", train.length);
    ctx.metrics.record("test_rows", test.length);
    ctx.metrics.record("test_users", countGroups(test));
    const testHits = sum(test.columns.label as Float32Array, (g) => (g > 0 ? 1 : 0));
    if (testHits > 0) ctx.log(`warning: ${testHits} ${o.output}.test rows are ${o.labels} pairs: the test lists should exclude ${o.labels} items (exclude: [${o.labels}] on the recall stage)`);
    ctx.output(`${o.output}.train`, train);
    ctx.output(`${o.output}.test`, test);
    ctx.log(`${o.output}.train: ${train.length} rows in all (${positives} positives from ${o.labels}); ${o.output}.test: ${test.length} rows`);
  },
});

/** user, item, label, group, then the features, all f32 but group. Feature names are the main period's (`o`). */
function candidateTable(rows: ReturnType<typeof unionLists>, names: string[], pairs: Map<number, Map<number, number>>, joins: Joins, p: Period, o: CandidatesOptions): Table {
  const columns: Record<string, Column> = {
    user: rows.user,
    item: rows.item,
    label: labelColumn(pairs, rows.user, rows.item),
    group: rows.group,
    ...listFeatures(rows, names),
    ...historyStats(joins.history, p.history, rows.user, rows.item),
  };
  const add = (name: string, values: Float32Array, optionPath: string) => {
    if (name in columns) throw new UserError(`${optionPath}: the column ${name} is already a candidate feature (${Object.keys(columns).join(", ")}); leave it out`);
    columns[name] = values;
  };
  for (const c of o.userColumns) add(prefixed("user", c), joinValues(keyedValues(joins.user!, "user", o.userTable, c, "rank.candidates.userColumns"), rows.user), "rank.candidates.userColumns");
  for (const c of o.itemColumns) add(prefixed("item", c), joinValues(keyedValues(joins.item!, "item", o.itemTable, c, "rank.candidates.itemColumns"), rows.item), "rank.candidates.itemColumns");
  if (o.affinity.length > 0) {
    const hu = intIds(joins.history, "user", p.history);
    const hi = intIds(joins.history, "item", p.history);
    for (const c of o.affinity) add(`${c}_affinity`, affinity(keyedValues(joins.item!, "item", o.itemTable, c, "rank.candidates.affinity"), hu, hi, rows.user, rows.item), "rank.candidates.affinity");
  }
  o.i2i.forEach((name, k) => {
    for (const [c, values] of Object.entries(neighbourFeatures(joins.i2i[k]!, p.i2i[k]!, name.slice(4), joins.history, p.history, rows.user, rows.item))) add(c, values, "rank.candidates.i2i");
  });
  for (const [name, users, items] of joins.embeddings) {
    const e = p.embeddings[name]!;
    for (const [c, values] of Object.entries(embeddingFeatures(users, e.user, items, e.item, name, rows.user, rows.item, rows.group))) add(c, values, "rank.candidates.embeddings");
  }
  return table(columns);
}

/** user_age, item_year; a column already named user_… / item_… keeps its name. */
function prefixed(prefix: string, name: string): string {
  return name.startsWith(`${prefix}_`) ? name : `${prefix}_${name}`;
}

function checkJoins(o: CandidatesOptions): void {
  if (o.userColumns.length > 0 && !o.userTable) throw new UserError('rank.candidates.userColumns: names columns but userTable is ""; set userTable, e.g. userTable: features.user');
  if ((o.itemColumns.length > 0 || o.affinity.length > 0) && !o.itemTable) {
    throw new UserError(`rank.candidates.${o.itemColumns.length > 0 ? "itemColumns" : "affinity"}: names columns but itemTable is ""; set itemTable, e.g. itemTable: features.item`);
  }
}

function countGroups(t: Table): number {
  const g = t.columns.group as Int32Array;
  return g.length > 0 ? g[g.length - 1]! + 1 : 0;
}

function sum(values: Float32Array, f: (v: number) => number): number {
  let s = 0;
  for (const v of values) s += f(v);
  return s;
}

