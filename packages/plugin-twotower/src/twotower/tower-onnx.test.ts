/**
 * The exported tower, fed raw features through onnxruntime-node, gives the vectors of the
 * training forward pass within 1e-5 relative: ids, string and integer categoricals, a prefix
 * feature, a multi-valued feature with empty bags, a numeric one with NaN, unknown raw values.
 */
import { describe, expect, test } from "bun:test";
import { createCpuEngine } from "@shortlist/core-gpu";
import { Adam, inBatchSoftmax, Rng, trainStep } from "@shortlist/core-gpu/nn";
import { table } from "@shortlist/runner";
import * as ort from "onnxruntime-node";
import { encodeFeatures } from "./features.ts";
import { exportTower } from "./tower-onnx.ts";
import { Tower } from "./tower.ts";

const N = 37;
const GENRES = ["Action", "Comedy", "Drama", "Horror"];

function sideTable(rng: Rng) {
  const user = Int32Array.from({ length: N }, (_, i) => 100 + 3 * i);
  return table({
    user,
    gender: Array.from({ length: N }, () => (rng.float() < 0.5 ? "F" : "M")),
    age: Int32Array.from({ length: N }, () => 18 + rng.int(5) * 7),
    zip: Array.from({ length: N }, () => String(10000 + rng.int(90000))),
    genres: Array.from({ length: N }, (_, i) => (i % 7 === 0 ? "" : GENRES.filter(() => rng.float() < 0.4).join("|"))),
    score: Float32Array.from({ length: N }, (_, i) => (i % 9 === 4 ? NaN : 3 * rng.normal() + 40)),
  });
}

/** Raw feeds of rows `rows` of the side table, with the caller's own padding of the genre tokens. */
function feeds(t: ReturnType<typeof sideTable>, rows: number[], overrides: Record<string, unknown> = {}) {
  const c = t.columns as Record<string, any>;
  const tokens = rows.map((r) => (c.genres[r] as string).split("|").filter((s) => s));
  const len = Math.max(1, ...tokens.map((l) => l.length));
  const padded = tokens.flatMap((l) => [...l, ...Array(len - l.length).fill("")]);
  const f: Record<string, ort.Tensor> = {
    user: new ort.Tensor("int64", BigInt64Array.from(rows, (r) => BigInt(c.user[r])), [rows.length]),
    gender: new ort.Tensor("string", rows.map((r) => c.gender[r]), [rows.length]),
    age: new ort.Tensor("int64", BigInt64Array.from(rows, (r) => BigInt(c.age[r])), [rows.length]),
    zip: new ort.Tensor("string", rows.map((r) => c.zip[r]), [rows.length]),
    genres: new ort.Tensor("string", padded, [rows.length, len]),
    score: new ort.Tensor("float32", Float32Array.from(rows, (r) => c.score[r]), [rows.length]),
  };
  return { ...f, ...(overrides as Record<string, ort.Tensor>) };
}

async function run(bytes: Uint8Array, f: Record<string, ort.Tensor>): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    return (await s.run(f)).vector!.data as Float32Array;
  } finally {
    await s.release();
  }
}

function worst(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < got.length; i++) w = Math.max(w, Math.abs(got[i]! - want[i]!) / Math.max(1e-3, Math.abs(want[i]!)));
  return w;
}

describe("tower ONNX export", () => {
  for (const [l2, rare] of [[false, false], [true, false], [false, true]] as [boolean, boolean][]) {
    test(`raw features in, the training forward pass's vectors out (≤ 1e-5 relative${l2 ? ", L2-normalised" : ""}${rare ? ", rare ids and values on the unknown row" : ""})`, async () => {
      const engine = createCpuEngine({ threads: 1 });
      const rng = new Rng(l2 ? 5 : rare ? 6 : 4);
      const t = sideTable(rng);
      const ids = t.columns.user as Int32Array;
      // minIdCount 2 over counts 0, 1, 2, …: two ids in three share the unknown row; minFeatureCount
      // 2 drops the zip regions (and any other value) whose users have fewer than 2 rows between them.
      const counts = Int32Array.from(ids, (_, e) => e % 3);
      const [rareIds, rareValues] = rare ? [{ min: 2, counts }, { min: 2, counts }] : [];
      const features = encodeFeatures("test", "users", t, "user", ids, { skip: [], prefixes: { zip: 2 }, rareIds, rareValues });
      if (rare) expect((features[0] as { keys: number[] }).keys).toEqual(Array.from(ids).filter((_, e) => e % 3 === 2));
      if (rare) expect(Array.from((features[3] as { codes: Int32Array }).codes).filter((c) => c === 0).length).toBeGreaterThan(5);
      expect(features.map((f) => `${f.name}:${f.kind}`)).toEqual(["user:categorical", "gender:categorical", "age:categorical", "zip:categorical", "genres:bag", "score:numeric"]);
      const tower = new Tower(engine, "user", features, { idDim: 8, featureDim: 4, layers: [16, 8], activation: "relu", dropout: 0, l2Normalize: l2 }, rng);
      // A few training steps so no weight is at its initial value.
      const opt = new Adam({ lr: 0.05 });
      for (let step = 1; step <= 5; step++) {
        const rows = Int32Array.from({ length: 16 }, () => rng.int(N));
        await trainStep(opt, () => inBatchSoftmax(tower.forward(rows), tower.forward(Int32Array.from(rows).reverse())), { step });
      }
      const want = await tower.encodeAll(10);
      const bytes = await exportTower(tower);
      for (const rows of [[5], Array.from({ length: N }, (_, i) => i)]) {
        const got = await run(bytes, feeds(t, rows));
        const expected = Float32Array.from(rows.flatMap((r) => Array.from(want.subarray(r * 8, r * 8 + 8))));
        expect(worst(got, expected)).toBeLessThanOrEqual(1e-5);
      }
    });
  }

  test("unknown raw values read as the unknown row; a changed weight is caught", async () => {
    const engine = createCpuEngine({ threads: 1 });
    const rng = new Rng(9);
    const t = sideTable(rng);
    const features = encodeFeatures("test", "users", t, "user", t.columns.user as Int32Array, { skip: [], prefixes: { zip: 2 } });
    const tower = new Tower(engine, "user", features, { idDim: 8, featureDim: 4, layers: [8], activation: "relu", dropout: 0, l2Normalize: false }, rng);
    const bytes = await exportTower(tower);
    const f = feeds(t, [0, 1]);
    const unknown = await run(bytes, { ...f, user: new ort.Tensor("int64", BigInt64Array.from([999n, 998n]), [2]) });
    const known = await run(bytes, f);
    expect(worst(unknown, known)).toBeGreaterThan(1e-3);
    // Both unknown users share the unknown row: their vectors differ only through the other features.
    const [a, b] = [await run(bytes, { ...feeds(t, [0]), user: new ort.Tensor("int64", BigInt64Array.from([999n]), [1]) }), unknown.subarray(0, 8)];
    expect(worst(a, b)).toBeLessThanOrEqual(1e-6);
    const w = tower.mlp.layers[0]!.weight;
    const values = (await w.read()) as Float32Array;
    values[3] = values[3]! + 1e-2;
    engine.write(w, values);
    expect(worst(await run(bytes, f), (await tower.encodeAll()).subarray(0, 16))).toBeGreaterThan(1e-5);
  });
});
