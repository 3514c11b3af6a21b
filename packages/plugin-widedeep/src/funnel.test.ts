import { expect, test } from "bun:test";
import { table, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";
import { plantedSamples, SMALL } from "./testing.ts";

/** A candidate table (the funnel's contract) from the planted samples' rows of `splits`, rows of a user together. */
function candidates(s: Table, splits: number[], hideLabels: boolean): { t: Table; truth: Float32Array } {
  const split = s.columns.split as Uint8Array;
  const user = s.columns.user as Int32Array;
  const rows = Int32Array.from(split.keys()).filter((r) => splits.includes(split[r]!)).sort((a, b) => user[a]! - user[b]! || a - b);
  const cols: Record<string, Int32Array | Float32Array> = {};
  for (const [k, c] of Object.entries(s.columns)) if (k !== "split") cols[k] = (c as Int32Array | Float32Array).constructor === Float32Array ? Float32Array.from(rows, (r) => (c as Float32Array)[r]!) : Int32Array.from(rows, (r) => (c as Int32Array)[r]!);
  const truth = cols.label as Float32Array;
  cols.group = Int32Array.from(rows, (r) => user[r]!);
  // a recall source's score: NaN where the source did not retrieve the item
  cols.itemcf_score = Float32Array.from(rows, (r, i) => (i % 4 === 0 ? NaN : (s.columns.item_mean_rating as Float32Array)[r]!));
  if (hideLabels) cols.label = new Float32Array(rows.length);
  return { t: table(cols), truth };
}

test("funnel mode: fits on candidates.train, ranks candidates.test into recs.widedeep (top k per user, by score)", async () => {
  const s = plantedSamples(6000, 21);
  const train = candidates(s, [0, 1], false);
  const rank = candidates(s, [2], true);
  const { outputs } = await runStage(plugin, "rank.widedeep", {
    inputs: { "candidates.train": train.t, "candidates.test": rank.t },
    options: { ...SMALL, candidates: "candidates.train", rank: "candidates.test", k: 3, columns: { ...SMALL.columns, dense: ["item_mean_rating", "itemcf_score"] } },
  });
  expect(outputs["scores.widedeep"]).toBeUndefined();
  const recs = outputs["recs.widedeep"] as Table;
  const [user, rnk, item, score] = (["user", "rank", "item", "score"] as const).map((c) => recs.columns[c]!) as [Int32Array, Int32Array, Int32Array, Float32Array];
  const candidateKeys = new Map<string, number>();
  (rank.t.columns.user as Int32Array).forEach((u, r) => candidateKeys.set(`${u}:${(rank.t.columns.item as Int32Array)[r]}`, r));
  let hits = 0;
  for (let i = 0; i < recs.length; i++) {
    if (i > 0 && user[i] === user[i - 1]) {
      expect(rnk[i]).toBe(rnk[i - 1]! + 1);
      expect(score[i]!).toBeLessThanOrEqual(score[i - 1]!);
    } else {
      expect(rnk[i]).toBe(1);
      if (i > 0) expect(user[i]!).toBeGreaterThan(user[i - 1]!);
    }
    expect(rnk[i]!).toBeLessThanOrEqual(3);
    const r = candidateKeys.get(`${user[i]}:${item[i]}`);
    expect(r).toBeDefined();
    hits += rank.truth[r!]!;
  }
  // The hidden test labels: the top 3 hold clearly more positives than the candidate lists do.
  const base = rank.truth.reduce((a, b) => a + b, 0) / rank.truth.length;
  expect(hits / recs.length).toBeGreaterThan(base + 0.2);
});
