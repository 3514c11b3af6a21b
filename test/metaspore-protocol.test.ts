/**
 * examples/movielens-metaspore.yaml runs MetaSpore's evaluation protocol on real ML-100K: each
 * user's last 3 ratings among those rated 3+ are the test set, every other rating (low and later
 * ones included) trains. Checks the split the run wrote, then that the recall stages beat popularity.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readParquet } from "../packages/runner/src/store/parquet.ts";
import { shortlist, tempDir } from "./cli-helpers.ts";

const data = resolve(import.meta.dir, "../../shared/data/ml-100k");

test("the MetaSpore example holds out the last 3 ratings above 2 and trains on all the rest", async () => {
  if (!existsSync(join(data, "u.data"))) {
    console.log(`skip: ${data} is absent (the real ML-100K lives in ../shared/data beside the checkout)`);
    return;
  }
  const out = tempDir("shortlist-metaspore-");
  const r = await shortlist(["run", resolve(import.meta.dir, "../examples/movielens-metaspore.yaml"), "--out", out], { ML_DIR: data });
  expect(r.code).toBe(0);
  const split = async (name: string) => {
    const t = await readParquet(join(out, "artifacts", `split.${name}.parquet`));
    return { user: t.columns.user as Int32Array, rating: t.columns.rating as Float32Array, timestamp: t.columns.timestamp as Int32Array };
  };
  const [train, testRows] = [await split("train"), await split("test")];
  expect(testRows.rating.every((x) => x >= 3)).toBe(true);
  const perUser = new Map<number, number>();
  for (const u of testRows.user) perUser.set(u, (perUser.get(u) ?? 0) + 1);
  expect([...perUser.values()].every((n) => n === 3)).toBe(true);
  expect(train.user.length + testRows.user.length).toBe(100_000); // nothing dropped: low ratings train
  // Some low rating came after the user's held-out rows and still trains.
  const lastTest = new Map<number, number>();
  testRows.user.forEach((u, i) => lastTest.set(u, Math.max(lastTest.get(u) ?? 0, testRows.timestamp[i]!)));
  expect(train.user.some((u, i) => train.rating[i]! < 3 && train.timestamp[i]! > (lastTest.get(u) ?? Infinity))).toBe(true);
  const m = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).stages;
  console.log(`ML-100K MetaSpore protocol: itemcf R@20 ${m["eval.itemcf"]["recall@20"].toFixed(4)}, swing ${m["eval.swing"]["recall@20"].toFixed(4)}, popular ${m["eval.popular"]["recall@20"].toFixed(4)}`);
  for (const algo of ["itemcf", "swing"]) expect(m[`eval.${algo}`]["recall@20"]).toBeGreaterThan(m["eval.popular"]["recall@20"]);
}, 120_000);
