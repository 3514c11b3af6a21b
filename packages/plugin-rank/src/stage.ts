/** rank.candidates: recall lists → one labelled candidate table per period, with features, for rankers. */
import { defineStage, table, UserError, type Column, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";
import { historyStats } from "./history-stats.ts";
import { affinity, joinValues, keyedValues } from "./join-columns.ts";
import { labelColumn, labelPairs } from "./labels.ts";
import { listFeatures } from "./list-features.ts";
import { neighbourFeatures } from "./neighbour-features.ts";
import { candidatesInputs, candidatesOptions, type CandidatesOptions } from "./options.ts";
import { sourceList } from "./source-list.ts";
import { unionLists } from "./union.ts";

/** Keyed feature tables read once for both periods. */
interface Joins {
  history: Table;
  user?: Table;
  item?: Table;
  i2i: Table[];
}

export const candidatesStage = defineStage({
  kind: "rank",
  description: "Unions recall lists into per-user candidate tables (source scores and ranks, training statistics, joined features), labelled from the validation period",
  options: candidatesOptions,
  inputs: (o) => candidatesInputs(o),
  outputs: (o) => [`${o.output}.train`, `${o.output}.test`],
  async run(ctx, o) {
    const names = Object.keys(o.sources);
    const joins: Joins = {
      history: await ctx.table(o.history),
      user: o.userTable ? await ctx.table(o.userTable) : undefined,
      item: o.itemTable ? await ctx.table(o.itemTable) : undefined,
      i2i: await Promise.all(o.i2i.map((name) => ctx.table(name))),
    };
    checkJoins(o);
    const pairs = labelPairs(await ctx.table(o.labels), o.labels, o.gain);
    const build = async (period: "train" | "test", keep?: (user: number) => boolean) => {
      const lists = [];
      for (const name of names) {
        const artifact = o.sources[name]![period];
        lists.push(sourceList(await ctx.table(artifact), artifact, o.depth));
      }
      return candidateTable(unionLists(lists, keep), names, pairs, joins, o);
    };
    // Ranker training: only users who have validation rows, so every group can hold a positive.
    const train = await build("train", (u) => pairs.has(u));
    ctx.progress(1, 2, "candidates.train");
    const test = await build("test");
    const positives = sum(train.columns.label as Float32Array, (g) => (g > 0 ? 1 : 0));
    const labelled = [...pairs.values()].reduce((n, m) => n + m.size, 0);
    ctx.metrics.record("train_rows", train.length);
    ctx.metrics.record("train_positives", positives);
    // The most any ranker of these candidates can reach: the share of validation pairs retrieved.
    ctx.metrics.record("train_candidate_recall", labelled > 0 ? positives / labelled : 0);
    ctx.metrics.record("test_rows", test.length);
    ctx.metrics.record("test_users", countGroups(test));
    const testHits = sum(test.columns.label as Float32Array, (g) => (g > 0 ? 1 : 0));
    if (testHits > 0) ctx.log(`warning: ${testHits} ${o.output}.test rows are ${o.labels} pairs: the test lists should exclude ${o.labels} items (exclude: [${o.labels}] on the recall stage)`);
    ctx.output(`${o.output}.train`, train);
    ctx.output(`${o.output}.test`, test);
    ctx.log(`${o.output}.train: ${train.length} rows, ${countGroups(train)} users, ${positives} positives (${((100 * positives) / Math.max(labelled, 1)).toFixed(1)} % of ${o.labels}); ${o.output}.test: ${test.length} rows`);
  },
});

/** user, item, label, group, then the features, all f32 but group. */
function candidateTable(rows: ReturnType<typeof unionLists>, names: string[], pairs: Map<number, Map<number, number>>, joins: Joins, o: CandidatesOptions): Table {
  const columns: Record<string, Column> = {
    user: rows.user,
    item: rows.item,
    label: labelColumn(pairs, rows.user, rows.item),
    group: rows.group,
    ...listFeatures(rows, names),
    ...historyStats(joins.history, o.history, rows.user, rows.item),
  };
  const add = (name: string, values: Float32Array, optionPath: string) => {
    if (name in columns) throw new UserError(`${optionPath}: the column ${name} is already a candidate feature (${Object.keys(columns).join(", ")}); leave it out`);
    columns[name] = values;
  };
  for (const c of o.userColumns) add(prefixed("user", c), joinValues(keyedValues(joins.user!, "user", o.userTable, c, "rank.candidates.userColumns"), rows.user), "rank.candidates.userColumns");
  for (const c of o.itemColumns) add(prefixed("item", c), joinValues(keyedValues(joins.item!, "item", o.itemTable, c, "rank.candidates.itemColumns"), rows.item), "rank.candidates.itemColumns");
  if (o.affinity.length > 0) {
    const hu = intIds(joins.history, "user", o.history);
    const hi = intIds(joins.history, "item", o.history);
    for (const c of o.affinity) add(`${c}_affinity`, affinity(keyedValues(joins.item!, "item", o.itemTable, c, "rank.candidates.affinity"), hu, hi, rows.user, rows.item), "rank.candidates.affinity");
  }
  o.i2i.forEach((name, k) => {
    for (const [c, values] of Object.entries(neighbourFeatures(joins.i2i[k]!, name, name.slice(4), joins.history, o.history, rows.user, rows.item))) add(c, values, "rank.candidates.i2i");
  });
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

