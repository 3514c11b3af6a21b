/** data.features: splits, leakage-free features, vocabularies and samples from interactions. */
import { defineStage, json, table, UserError, type StageContext, type Table } from "@shortlist/runner";
import { orderByUserTime } from "../util/order-rows.ts";
import { applyFilters } from "./filters.ts";
import { featuresOptions, featuresOutputs, type FeaturesOptions } from "./options.ts";
import { itemFeatures, genreFeatures, userFeatures } from "./feature-tables.ts";
import { indexInteractions, readInteractions, type Indexed } from "./interactions.ts";
import { rankingSamples } from "./ranking-samples.ts";
import { retrievalSamples } from "./retrieval-samples.ts";
import { readItems, readUsers } from "./side-tables.ts";
import { assignSplits, TEST, TRAIN, VALID } from "./split.ts";
import { timelessSplitWarning } from "./timeless-split.ts";
import { trainStats } from "./stats.ts";
import { buildVocab } from "./vocab.ts";

/**
 * Runs the whole feature generation on tables (what the stage does, callable from tests and benches).
 * @example const out = generateFeatures(interactions, undefined, items, featuresOptions.parse({}), 42)
 */
export function generateFeatures(
  interactions: Table,
  users: Table | undefined,
  items: Table | undefined,
  o: FeaturesOptions,
  seed: number,
  log: (m: string) => void = () => {},
  step: (note: string) => void = () => {},
): Record<string, Table | ReturnType<typeof json>> {
  step("reading");
  const raw = readInteractions(interactions, "interactions");
  const filtered = applyFilters(raw, o);
  if (filtered.n < raw.n) log(`filters kept ${filtered.n} of ${raw.n} rows`);
  if (filtered.n === 0) throw new UserError(`data.features: no interactions left${filtered.n < raw.n ? " after the filters (minRating / kCore)" : ""}`);
  step("ordering");
  const it = indexInteractions(filtered);
  const runs = orderByUserTime(it.users.index, it.users.ids.length, it.timestamp, it.items.index, it.items.ids.length);
  const split = assignSplits(it, runs, o, seed);
  const timeless = timelessSplitWarning(it.timestamp, o.split);
  if (timeless) log(timeless);
  step("statistics");
  const itemInfo = readItems(items, "items");
  const userInfo = readUsers(users, "users");
  const stats = trainStats(it, split, itemInfo, o.highAt);
  const vocab = buildVocab(it, split, stats, itemInfo.genreNames, userInfo);
  step("feature tables");
  const out: Record<string, Table | ReturnType<typeof json>> = {
    "split.train": splitTable(it, runs.order, split, TRAIN),
    "split.valid": splitTable(it, runs.order, split, VALID),
    "split.test": splitTable(it, runs.order, split, TEST),
    "features.user": userFeatures(it, runs, split, stats, vocab, userInfo, itemInfo, o.maxLen),
    "features.genre": genreFeatures(stats, vocab, itemInfo),
    vocab: json({ unknown: 0, note: "code = position in the list + 1; 0 = not seen in training", ...vocab.values }),
  };
  const f = itemFeatures(it, stats, vocab, itemInfo);
  out["features.item"] = f.item;
  out["features.item_feature"] = f.itemFeature;
  if (o.retrieval) {
    step("retrieval samples");
    const r = retrievalSamples(it, runs, split, stats, o, seed);
    if (r.missing > 0) log(`retrieval: ${r.missing} negatives not drawn (users who trained on nearly every item)`);
    out["samples.retrieval"] = r.samples;
  }
  if (o.ranking) {
    step("ranking samples");
    out["samples.ranking"] = rankingSamples(it, runs, split, stats, vocab, itemInfo, o);
  }
  const counts = ["split.train", "split.valid", "split.test"].map((name) => (out[name] as Table).length);
  log(`${o.split} split: ${counts[0]} train, ${counts[1]} valid, ${counts[2]} test rows; ${it.users.ids.length} users, ${it.items.ids.length} items`);
  return out;
}

/** Rows of one split, in (user, time, item, row) order. */
function splitTable(it: Indexed, order: Int32Array, split: Uint8Array, which: number): Table {
  let n = 0;
  for (let i = 0; i < it.n; i++) if (split[i] === which) n++;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Int32Array(n);
  for (let p = 0, k = 0; p < order.length; p++) {
    const r = order[p]!;
    if (split[r] !== which) continue;
    user[k] = it.user[r]!;
    item[k] = it.item[r]!;
    rating[k] = it.rating[r]!;
    timestamp[k++] = it.timestamp[r]!;
  }
  return table({ user, item, rating, timestamp });
}

export const features = defineStage({
  kind: "features",
  description: "Splits (leave-last / ratio / time), train-only statistics, vocabularies, sequences, feature tables and samples",
  options: featuresOptions,
  inputs: ["interactions", "users?", "items?"],
  outputs: (o) => featuresOutputs(o),
  async run(ctx: StageContext, o: FeaturesOptions) {
    const interactions = await ctx.table("interactions");
    const users = ctx.has("users") ? await ctx.table("users") : undefined;
    const items = ctx.has("items") ? await ctx.table("items") : undefined;
    const steps = 4 + (o.retrieval ? 1 : 0) + (o.ranking ? 1 : 0);
    let done = 0;
    const step = (note: string) => {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
      ctx.progress(done++, steps, note);
    };
    const out = generateFeatures(interactions, users, items, o, ctx.seed, (m) => ctx.log(m), step);
    for (const [name, artifact] of Object.entries(out)) ctx.output(name, artifact);
    ctx.metrics.record("train_rows", (out["split.train"] as Table).length);
    ctx.metrics.record("test_rows", (out["split.test"] as Table).length);
  },
});
