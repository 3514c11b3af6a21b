/**
 * recall.twotower: Merlin's TwoTowerModelV2 (user and item feature towers, MLP [128, 64] with a
 * linear last layer, in-batch sampled softmax, Adam, batch 4,096) trained on the training split
 * with the side tables' features, then every user scored against the whole catalogue by brute
 * force (blockwise fused top-K), training items excluded.
 */
import { createEngine, type Csr } from "@shortlist/core-gpu";
import { Rng } from "@shortlist/core-gpu/nn";
import { blob, defineStage, fit, json, type StageContext, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";
import { rankEveryUser } from "../train/rank-shards.ts";
import { embeddingTable, lookup, readInteractions, recsTable, relevantCounts, splitMatrix, unionCsr, type Interactions } from "../train/index.ts";
import { encodeFeatures, type CategoricalFeature, type Feature } from "./features.ts";
import { TwoTowerModel, type Pairs, type Validation } from "./model.ts";
import { twotowerOptions, type TwotowerOptions } from "./options.ts";
import { exportTower } from "./tower-onnx.ts";
import { Tower } from "./tower.ts";

const STAGE = "recall.twotower";

/** Output artifact names (the ONNX models are stored as `<name>.onnx`). */
export const TWOTOWER_OUTPUTS = ["recs.twotower", "emb.twotower.user", "emb.twotower.item", "model.twotower.user-tower", "model.twotower.item-tower", "training.twotower"];

const optional = (name: string) => (name ? [`${name}?`] : []);

export const twotowerStage = defineStage({
  kind: "recall",
  description: "Two-tower retrieval (Merlin's TwoTowerModelV2: feature towers, in-batch softmax) → recs.twotower, emb.twotower.*, ONNX towers",
  options: twotowerOptions,
  inputs: (o) => [o.input, ...optional(o.valid), ...optional(o.users), ...optional(o.items), ...o.exclude],
  outputs: TWOTOWER_OUTPUTS,
  async run(ctx, o) {
    const train = await ctx.table(o.input);
    const ix = readInteractions(train, o.input, STAGE);
    const read = async (name: string): Promise<Table | undefined> => (name && ctx.has(name) ? ctx.table(name) : undefined);
    const [usersTable, itemsTable] = [await read(o.users), await read(o.items)];
    const catalogue = catalogueOf(ix.items, o.catalogue === "items" ? itemsTable : undefined, o.items);
    const ids = { users: ix.users, items: catalogue };
    const everyRow = pairsOf(ix, catalogue);
    const pairs = o.positives === "distinct" ? distinctPairs(everyRow, catalogue.length) : everyRow;
    const rare = (rows: Int32Array, n: number) => {
      const counts = countRows(rows, n);
      return { rareIds: { min: o.minIdCount, counts }, rareValues: { min: o.minFeatureCount, counts } };
    };
    const userFeatures = encodeFeatures(STAGE, o.users || "users", usersTable, "user", ix.users, { columns: o.userFeatures, skip: o.skipColumns, prefixes: o.prefixes, ...rare(everyRow.userRow, ix.users.length) });
    const itemFeatures = encodeFeatures(STAGE, o.items || "items", itemsTable, "item", catalogue, { columns: o.itemFeatures, skip: o.skipColumns, prefixes: o.prefixes, ...rare(everyRow.itemRow, catalogue.length) });
    const seen = splitMatrix(train, o.input, ids);
    const engine = await createEngine(o.engine, { cpu: { threads: o.threads }, log: (line) => ctx.log(line) });
    try {
      const backend = await ctx.gpu();
      const towerOptions = { idDim: o.idDim, featureDim: o.featureDim, layers: o.tower, activation: o.activation, dropout: o.dropout, idDropout: o.idDropout, l2Normalize: o.l2Normalize };
      const rng = new Rng(ctx.seed, 0x2727);
      const users = new Tower(engine, "user", userFeatures, towerOptions, rng);
      const items = new Tower(engine, "item", itemFeatures, towerOptions, rng);
      ctx.log(`${STAGE}: ${ix.users.length} users [${userFeatures.map(describe).join(", ")}], ${catalogue.length} items [${itemFeatures.map(describe).join(", ")}], ${pairs.userRow.length} positives (${ix.user.length} rows, ${seen.indices.length} distinct pairs)${rareNote(o.minIdCount, userFeatures, itemFeatures)}`);
      const validation = await validationOf(ctx, o, ids, seen, backend);
      const model = new TwoTowerModel(users, items, pairs, o, ctx.seed, validation, ctx.signal);
      if (o.maxRowsPerUser > 0) ctx.log(`${STAGE}: at most ${o.maxRowsPerUser} rows of each user per epoch: ${model.epochSize} of ${pairs.userRow.length} rows`);
      const log = await fit(ctx, model, { epochs: o.epochs, patience: validation ? o.patience : 0, metric: `${o.metric}@${o.metricK}`, algo: "twotower" });
      const [uv, iv] = [await users.encodeAll(), await items.encodeAll()];
      const excluded = [seen];
      for (const name of o.exclude) excluded.push(splitMatrix(await ctx.table(name), name, ids));
      const top = await rankEveryUser(ctx, backend, uv, iv, users.dim, unionCsr(excluded), o.k);
      ctx.output("recs.twotower", recsTable(top, ix.users, catalogue));
      ctx.output("emb.twotower.user", embeddingTable("user", ix.users, uv, users.dim));
      ctx.output("emb.twotower.item", embeddingTable("item", catalogue, iv, items.dim));
      ctx.output("model.twotower.user-tower", blob(await exportTower(users), "onnx"));
      ctx.output("model.twotower.item-tower", blob(await exportTower(items), "onnx"));
      ctx.output("training.twotower", json(log));
      const last = log.epochs[log.epochs.length - 1];
      if (last) ctx.metrics.record("loss", last.loss);
    } finally {
      await engine.dispose();
    }
  },
});

/** "; N users and M items with fewer than k training rows share the unknown id row", or "" when minIdCount is 0. */
function rareNote(min: number, users: Feature[], items: Feature[]): string {
  if (min === 0) return "";
  const unknown = (f: Feature) => (f as CategoricalFeature).codes.filter((c) => c === 0).length;
  return `; ${unknown(users[0]!)} users and ${unknown(items[0]!)} items with fewer than ${min} training rows share the unknown id row`;
}

function describe(f: { name: string; kind: string }): string {
  return f.kind === "categorical" ? f.name : `${f.name} (${f.kind})`;
}

/** Training items, plus every item of the items table when given: sorted, distinct. */
function catalogueOf(trainItems: Int32Array, items: Table | undefined, name: string): Int32Array {
  if (!items) return trainItems;
  const all = new Set(trainItems);
  for (const i of intIds(items, "item", name)) all.add(i);
  return Int32Array.from(all).sort();
}

/** Rows per entity: how often each of n entities occurs in `rows`. */
function countRows(rows: Int32Array, n: number): Int32Array {
  const counts = new Int32Array(n);
  for (const r of rows) counts[r]!++;
  return counts;
}

/** Every training row as a positive (a repeated click weighs more, as Merlin trains on rows), over catalogue rows. */
function pairsOf(ix: Interactions, catalogue: Int32Array): Pairs {
  const at = lookup(catalogue);
  return { userRow: ix.user, itemRow: Int32Array.from(ix.item, (d) => at(ix.items[d]!)) };
}

/** Each distinct (user, item) pair of `p` once, in order of first appearance (option positives: distinct). */
function distinctPairs(p: Pairs, nItems: number): Pairs {
  const seen = new Set<number>();
  const keep: number[] = [];
  for (let r = 0; r < p.userRow.length; r++) {
    const key = p.userRow[r]! * nItems + p.itemRow[r]!;
    if (!seen.has(key)) seen.add(key), keep.push(r);
  }
  return { userRow: Int32Array.from(keep, (r) => p.userRow[r]!), itemRow: Int32Array.from(keep, (r) => p.itemRow[r]!) };
}

async function validationOf(ctx: StageContext, o: TwotowerOptions, ids: { users: Int32Array; items: Int32Array }, seen: Csr, backend: Validation["backend"]): Promise<Validation | undefined> {
  if (!o.valid || !ctx.has(o.valid)) return undefined;
  const valid = await ctx.table(o.valid);
  if (valid.length === 0) return undefined;
  return { backend, seen, truth: splitMatrix(valid, o.valid, ids), truthCounts: relevantCounts(valid, o.valid, ids) };
}
