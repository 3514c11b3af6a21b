/**
 * The demo pipeline (examples/movielens.yaml) end to end, on a smaller synthetic preset than the
 * demo's default so CI stays quick: metrics beat the popularity floor, the exported files exist,
 * report.html renders its charts in headless Chromium, and with REDIS_URL set it publishes to Redis.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Redis from "ioredis";
import { shortlist, tempDir } from "./cli-helpers.ts";
import { readParquet } from "../packages/runner/src/store/parquet.ts";
import { chromiumAvailable, renderedReport } from "../packages/runner/src/report/browser.ts";
import { startRedisServer, type RedisServer } from "../packages/plugin-sinks/src/testing/redis-server.ts";

const pipeline = resolve(import.meta.dir, "../examples/movielens.yaml");
const small = ["--set", "stages[data.movielens].with.path=synthetic:ml-100k"];
let redis: RedisServer | undefined;
afterAll(async () => redis?.stop());

describe("demo pipeline", () => {
  const out = tempDir("shortlist-demo-");

  test("runs end to end; ItemCF, Swing and SimpleX beat the popularity baseline", async () => {
    // Three epochs of SimpleX on the small preset (the demo's one epoch is sized for ML-1M).
    const r = await shortlist(["run", pipeline, "--out", out, ...small], { REDIS_URL: "", SIMPLEX_EPOCHS: "3" });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("sink.redis: left out");
    const m = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).stages;
    for (const algo of ["itemcf", "swing", "simplex"]) {
      expect(m[`eval.${algo}`]["ndcg@20"]).toBeGreaterThan(1.5 * m["eval.popular"]["ndcg@20"]);
      expect(m[`eval.${algo}`]["recall@20"]).toBeGreaterThan(m["eval.popular"]["recall@20"]);
    }
    for (const f of ["recs.itemcf", "recs.swing", "i2i.itemcf", "i2i.swing"]) expect(existsSync(join(out, "export", `${f}.parquet`))).toBe(true);
    expect(r.stdout).toMatch(/recall@20\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\n/);
    // the report's inputs: popularity bias, metric@K curves, per-stage peak memory
    expect(m["eval.itemcf"]["longtail@20"]).toBeGreaterThan(m["eval.popular"]["longtail@20"]);
    expect(m["eval.popular"]["gini@20"]).toBeGreaterThan(m["eval.itemcf"]["gini@20"]);
    const curve = JSON.parse(readFileSync(join(out, "artifacts", "curve.recs.itemcf.json"), "utf8"));
    expect(curve.values.recall[19]).toBeCloseTo(m["eval.itemcf"]["recall@20"], 12);
    const peak = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).peakRss;
    for (const id of ["data.movielens", "recall.itemcf", "eval.itemcf"]) expect(peak[id]).toBeGreaterThan(10 * 2 ** 20);
  }, 300_000);

  test("report.html renders every chart in headless Chromium", async () => {
    if (!chromiumAvailable()) {
      console.log("skip: /usr/bin/chromium is not installed (scripts/setup installs it)");
      return;
    }
    const page = await renderedReport(join(out, "report.html"), 1280);
    expect(page.scrollWidth).toBeLessThanOrEqual(page.clientWidth);
    const charts = page.charts;
    const ids = charts.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(["metrics", "lift", "curves", "popularity", "scores-recs.itemcf", "scores-recs.swing", "scores-recs.popular", "timings", "memory"]));
    for (const c of charts) {
      expect(c.visibleMarks).toBeGreaterThan(0);
      expect(c.minTicks).toBeGreaterThanOrEqual(3);
    }
    // four evaluated algorithms × 5 accuracy metrics × 2 Ks, one panel per metric
    expect(charts.find((c) => c.id === "metrics")!.visibleMarks).toBe(4 * 5 * 2);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<td>split.test</td><td>943</td><td>943</td>");
    expect(html).toContain("This is the first run in this run directory");
  }, 120_000);

  test("with REDIS_URL set, the same demo also publishes to Redis", async () => {
    redis = await startRedisServer();
    const r = await shortlist(["run", pipeline, "--out", out, ...small], { REDIS_URL: redis.url, SIMPLEX_EPOCHS: "3" });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/sink\.parquet ↺ cached/);
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(/The previous run: history\.jsonl \(run [^)]+\), finished [^.]+\.\d+Z\. \d+ evaluation metrics are unchanged\./);
    const client = new Redis(redis.url);
    try {
      const version = await client.get("shortlist:current");
      expect(version).not.toBeNull();
      const recs = await readParquet(join(out, "export", "recs.itemcf.parquet"));
      const user = recs.columns.user as Int32Array, item = recs.columns.item as Int32Array;
      const users = new Set(user);
      const keys = await client.keys(`shortlist:v${version}:USER:*`);
      expect(keys.length).toBe(users.size);
      // one user's published list is exactly its rows of recs.itemcf, in rank order
      const u = user[0]!;
      const doc = JSON.parse((await client.get(`shortlist:v${version}:USER:${u}`))!);
      expect(doc.user_id).toBe(u);
      expect(doc.recommendations).toEqual(Array.from(item.filter((_, i) => user[i] === u)));
    } finally {
      client.disconnect();
    }
  }, 300_000);
});
