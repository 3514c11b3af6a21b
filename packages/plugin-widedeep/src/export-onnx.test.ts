import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { createCpuEngine } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import { Rng } from "@shortlist/core-gpu/random";
import { table, type Table } from "@shortlist/runner";
import { resolveColumns } from "./columns.ts";
import { encodeRows } from "./encode.ts";
import { exportWideDeep, integerInputs } from "./export-onnx.ts";
import { trainWideDeep } from "./fit.ts";
import { WideDeep } from "./model.ts";
import { emitFieldRows, emitWideBuckets } from "./onnx-features.ts";
import { widedeepOptions } from "./options.ts";
import { fitPreprocessing } from "./preprocess.ts";
import { predict } from "./step.ts";
import { plantedSamples, SMALL } from "./testing.ts";

async function run(bytes: Uint8Array, t: Table, ints: string[], floats: string[]): Promise<Record<string, ort.Tensor>> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const feeds: Record<string, ort.Tensor> = {};
  for (const c of ints) feeds[c] = new ort.Tensor("int64", BigInt64Array.from(t.columns[c] as Int32Array, BigInt), [t.length]);
  for (const c of floats) feeds[c] = new ort.Tensor("float32", Float32Array.from(t.columns[c] as ArrayLike<number>), [t.length]);
  try {
    return await s.run(feeds);
  } finally {
    await s.release();
  }
}

/** Serving-time rows the fit never saw: negative codes, codes past the tables, NaN dense values. */
function withStrangeRows(t: Table, rng: Rng): Table {
  const cols: Record<string, Int32Array | Float32Array> = {};
  for (const [name, c] of Object.entries(t.columns)) {
    if (c instanceof Int32Array) cols[name] = Int32Array.from(c, (v, i) => (i % 7 === 0 ? rng.int(2 ** 31) - 2 ** 30 : i % 11 === 0 ? -2147483648 : v));
    else if (c instanceof Float32Array) cols[name] = Float32Array.from(c, (v, i) => (i % 5 === 0 ? NaN : v));
  }
  return table(cols);
}

describe("model.widedeep.onnx", () => {
  const samples = plantedSamples(1500, 3);
  const o = widedeepOptions.parse({ ...SMALL, columns: { ...SMALL.columns, crosses: ["user_code#genre_code", "item_code#genre_code#user_code"] } });
  const cols = resolveColumns(o.columns, samples, "samples.ranking", "rank.widedeep");
  const all = Int32Array.from({ length: samples.length }, (_, i) => i);
  const pre = fitPreprocessing(samples, all, cols, o);

  test("wide buckets and deep rows computed in the graph equal encode.ts's exactly, on random int32 values", async () => {
    const rng = new Rng(5);
    const randomInts = () => Int32Array.from({ length: 500 }, (_, i) => (i < 4 ? [0, -1, 2147483647, -2147483648][i]! : rng.u32() | 0));
    const t = table({
      ...Object.fromEntries([...new Set([...cols.sparse, ...cols.wide.flat(), ...cols.sequence])].map((c) => [c, randomInts()])),
      ...Object.fromEntries(cols.dense.map((c) => [c, new Float32Array(500)])),
    });
    const g = new nn.OnnxGraph("t");
    const ints = [...new Set([...cols.sparse, ...cols.wide.flat()])];
    for (const c of ints) g.input(c, "int64", ["batch"]);
    g.node("Identity", [emitWideBuckets(g, pre)], ["buckets"]);
    g.node("Identity", [emitFieldRows(g, pre)], ["rows"]);
    g.output("buckets", "int64", ["batch", cols.wide.length]);
    g.output("rows", "int64", ["batch", cols.sparse.length]);
    const out = await run(g.toBytes(), t, ints, []);
    const enc = encodeRows(t, Int32Array.from({ length: 500 }, (_, i) => i), pre);
    expect(Array.from(out.buckets!.data as BigInt64Array, Number)).toEqual(Array.from(enc.wide));
    expect(Array.from(out.rows!.data as BigInt64Array, Number)).toEqual(Array.from(enc.deep));
  });

  test("onnxruntime-node reproduces the trained model's scores within 1e-5, on fitted and unseen raw values", async () => {
    const model = new WideDeep(createCpuEngine(), pre, { ...o, seed: 9 });
    const opt = { wide: new nn.Ftrl(o.ftrl), deep: new nn.Adam({ lr: o.lr }) };
    const x = encodeRows(samples, all, pre);
    const dir = mkdtempSync(join(tmpdir(), "wd-onnx-"));
    const ctx = { workDir: () => dir, log: () => {}, progress: () => {}, signal: new AbortController().signal, metrics: { record: () => {} } };
    await trainWideDeep(ctx, model, opt, x, x, { ...o, epochs: 2, seed: 9, algo: "widedeep" });
    const bytes = (await exportWideDeep(model)).toBytes();
    const ints = integerInputs(model);
    for (const t of [samples, withStrangeRows(samples, new Rng(8))]) {
      const want = await predict(model, encodeRows(t, all, pre));
      const got = (await run(bytes, t, ints, cols.dense)).score!.data as Float32Array;
      expect(got.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(1e-3, Math.abs(want[i]!)));
      expect(worst).toBeLessThan(1e-5);
      expect(new Set(want).size).toBeGreaterThan(100); // a model that learned something, not a constant
    }
  });
});
