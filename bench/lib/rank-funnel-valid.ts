/**
 * Validation figures of the ranking funnel (bench/rank-funnel.ts), the figures options are chosen
 * by: on the users rank.gbdt held out of its training (the same seeded draw), each single recall
 * list's top-10 and the GBDT's re-ranked top-10 of the validation period's candidates, scored
 * against split.valid with eval.recs' metric code (RecBole recall / NDCG@10 over every validation
 * item of the user). Reads candidates.train (its validation-period rows), split.valid and the
 * model dump of one run; never split.test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadGbdtDump, predictRaw } from "../../packages/plugin-gbdt/src/index.ts";
import { heldOutUsers } from "../../packages/plugin-gbdt/src/stage-data.ts";
import { evaluateTopK } from "../../packages/runner/src/metrics/index.ts";
import { rankedRecs } from "../../packages/runner/src/recsys/index.ts";
import { readParquet } from "../../packages/runner/src/store/parquet.ts";
import { table, type Table } from "../../packages/runner/src/index.ts";

export type ValidFigures = Record<string, { "recall@10": number; "ndcg@10": number; users: number }>;

/**
 * `sources` are the candidate table's `<name>_rank` prefixes; `validShare` is rank.gbdt's (0.2).
 * @example const v = await funnelValidation(runDir, 42, ["itemcf", "swing", "simplex"]); v.gbdt["ndcg@10"]
 */
export async function funnelValidation(runDir: string, seed: number, sources: string[], validShare = 0.2): Promise<ValidFigures> {
  const art = (name: string) => join(runDir, "artifacts", name);
  const cands = await readParquet(art("candidates.train.parquet"));
  const valid = await readParquet(art("split.valid.parquet"));
  const user = cands.columns.user as Int32Array;
  const held = heldOutUsers(user, validShare, seed);
  // The validation period's rows come first; extra labelled periods (folds of split.train) follow.
  const stages = JSON.parse(readFileSync(join(runDir, "metrics.json"), "utf8")).stages;
  const firstPeriod: number = stages["rank.candidates"].train_rows;
  const rows = Int32Array.from(user.keys()).filter((r) => r < firstPeriod && held.has(user[r]!));
  // The held-out users' rows, each column keeping its type.
  const pick = (t: Table, r: Int32Array) =>
    table(Object.fromEntries(Object.entries(t.columns).map(([k, c]) => {
      const a = c as Float32Array | Int32Array;
      const o = new (a.constructor as Float32ArrayConstructor | Int32ArrayConstructor)(r.length);
      r.forEach((i, j) => (o[j] = a[i]!));
      return [k, o];
    })));
  const heldCands = pick(cands, rows);
  const vu = valid.columns.user as Int32Array;
  const keep = Int32Array.from(vu.keys()).filter((r) => held.has(vu[r]!));
  const truth = { user: Int32Array.from(keep, (r) => vu[r]!), item: Int32Array.from(keep, (r) => (valid.columns.item as Int32Array)[r]!) };
  const score = (scores: Float32Array | Float64Array) => {
    const top = rankedRecs(heldCands, scores, 10);
    const e = evaluateTopK({ user: top.columns.user as Int32Array, item: top.columns.item as Int32Array, rank: top.columns.rank as Int32Array }, truth, { ks: [10], metrics: ["recall", "ndcg"] });
    return { "recall@10": e.values["recall@10"]!, "ndcg@10": e.values["ndcg@10"]!, users: e.users };
  };
  const out: ValidFigures = {};
  // A source's own top 10: its rank (NaN where it did not retrieve the item ranks last).
  for (const s of sources) out[s] = score(Float32Array.from(heldCands.columns[`${s}_rank`] as Float32Array, (r) => -r));
  const model = loadGbdtDump(JSON.parse(readFileSync(art("model.gbdt.dump.json"), "utf8")));
  out.gbdt = score(predictRaw(model, model.featureNames.map((f) => heldCands.columns[f] as Float32Array)));
  return out;
}
