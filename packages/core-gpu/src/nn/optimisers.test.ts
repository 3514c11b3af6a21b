/**
 * Each optimiser, through the nn layer, fits a small least-squares problem (dense weights) and
 * an embedding table (row-sparse, lazy updates), and the initialisers draw what they promise.
 */
import { expect, test } from "bun:test";
import { createCpuEngine } from "../tensor/cpu-engine.ts";
import * as nn from "./index.ts";

const engine = createCpuEngine();
const OPTIMISERS: Array<[string, () => nn.Optimiser]> = [
  ["SGD with Nesterov momentum", () => new nn.SGD({ lr: 0.05, momentum: 0.9, nesterov: true })],
  ["Adam", () => new nn.Adam({ lr: 0.05 })],
  ["AdamW", () => new nn.AdamW({ lr: 0.05, weightDecay: 1e-4 })],
  ["Adagrad", () => new nn.Adagrad({ lr: 0.5 })],
  ["FTRL", () => new nn.Ftrl({ alpha: 0.5, beta: 1 })],
];

for (const [name, make] of OPTIMISERS) {
  test(`${name} fits a linear regression (loss falls below 2% of the start)`, async () => {
    const rng = new nn.Rng(5);
    const x = Float32Array.from({ length: 64 * 4 }, () => rng.normal());
    const wTrue = [1.5, -2, 0.5, 3];
    const y = Float32Array.from({ length: 64 }, (_, r) => wTrue.reduce((s, w, j) => s + w * x[r * 4 + j]!, 0));
    const fc = new nn.Linear(engine, 4, 1, { rng, bias: false });
    const opt = make();
    const [xs, ys] = [engine.fromHost(x, [64, 4]), engine.fromHost(y, [64, 1])];
    let first = 0, last = 0;
    for (let step = 1; step <= 300; step++) {
      last = await nn.trainStep(opt, () => nn.mse(fc.forward(xs), ys), { step, name: "mse" });
      if (step === 1) first = last;
    }
    expect(last).toBeLessThan(0.02 * first);
  });

  if (name !== "SGD with Nesterov momentum") {
    test(`${name} trains an embedding table lazily: rows no batch touched keep their bits`, async () => {
      const rng = new nn.Rng(6);
      const emb = new nn.Embedding(engine, 20, 3, { rng, init: { kind: "normal", scale: 0.5 } });
      const before = Float32Array.from(await emb.table.read());
      const ids = Int32Array.from([1, 4, 4, 7]);
      const target = engine.fromHost(new Float32Array(12).fill(1), [4, 3]);
      const opt = make();
      for (let step = 1; step <= 20; step++) await nn.trainStep(opt, () => nn.mse(emb.forward(nn.prepareIds(engine, ids, 20, "ids")), target), { step });
      const after = await emb.table.read();
      for (let row = 0; row < 20; row++) {
        const same = [0, 1, 2].every((d) => Object.is(after[row * 3 + d], before[row * 3 + d]));
        expect(same).toBe(![1, 4, 7].includes(row));
      }
    });
  }
}

test("SGD with momentum refuses a row-sparse gradient, saying why", async () => {
  const emb = new nn.Embedding(engine, 5, 2, { rng: new nn.Rng(1) });
  const opt = new nn.SGD({ lr: 0.1, momentum: 0.9 });
  await expect(nn.trainStep(opt, () => nn.mean(emb.forward(nn.prepareIds(engine, Int32Array.from([1]), 5, "ids"))), { step: 1 })).rejects.toThrow("momentum is dense by nature");
});

test("a learning rate set between steps is the one the next step uses (SGD: w -= lr·g; FTRL's is alpha)", async () => {
  // loss = mean(x·w) over one row x = [1, 2]: g = x exactly, so each step moves w by lr·x.
  const fc = new nn.Linear(engine, 2, 1, { rng: new nn.Rng(3), bias: false });
  const x = engine.fromHost(Float32Array.from([1, 2]), [1, 2]);
  const w0 = Array.from(await fc.weight.read());
  const opt = new nn.SGD({ lr: 0.1 });
  opt.lr = 0.25;
  expect(opt.lr).toBe(0.25);
  await nn.trainStep(opt, () => nn.mean(fc.forward(x)), { step: 1 });
  const w1 = Array.from(await fc.weight.read());
  w1.forEach((w, j) => expect(w).toBeCloseTo(w0[j]! - 0.25 * (j + 1), 6));
  opt.lr = 0;
  await nn.trainStep(opt, () => nn.mean(fc.forward(x)), { step: 2 });
  expect(Array.from(await fc.weight.read())).toEqual(w1);
  const ftrl = new nn.Ftrl({ alpha: 0.5 });
  ftrl.lr = 0.2;
  expect(ftrl.lr).toBe(0.2);
  expect(() => (opt.lr = Number.NaN)).toThrow("learning rate must be finite");
});

test("trainStep stops on a non-finite loss, naming the step and the loss", async () => {
  const fc = new nn.Linear(engine, 2, 1, { rng: new nn.Rng(1) });
  const x = engine.fromHost(Float32Array.from([Infinity, 1]), [1, 2]);
  await expect(nn.trainStep(new nn.Adam(), () => nn.mean(fc.forward(x)), { step: 42, name: "toy loss" })).rejects.toThrow(/training step 42: toy loss is (NaN|-?Infinity)/);
});

test("initialisers: seeded, and with the promised spread", () => {
  const draw = (kind: nn.InitName, scale?: number) => nn.initValues({ kind, scale }, 200_000, 300, 100, new nn.Rng(9));
  const sd = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
  expect(Buffer.from(draw("xavierUniform").buffer).equals(Buffer.from(draw("xavierUniform").buffer))).toBe(true);
  const xu = draw("xavierUniform");
  expect(Math.max(...xu.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 400) + 1e-7);
  expect(sd(xu)).toBeCloseTo(Math.sqrt(2 / 400), 3);
  expect(sd(draw("xavierNormal"))).toBeCloseTo(Math.sqrt(2 / 400), 3);
  expect(sd(draw("heNormal"))).toBeCloseTo(Math.sqrt(2 / 300), 3);
  expect(sd(draw("heUniform"))).toBeCloseTo(Math.sqrt(2 / 300), 3);
  expect(sd(draw("normal", 0.1))).toBeCloseTo(0.1, 3);
  const tn = draw("truncatedNormal", 0.1);
  expect(Math.max(...tn.map(Math.abs))).toBeLessThanOrEqual(0.2 + 1e-7);
  expect(draw("zeros").every((v) => v === 0)).toBe(true);
});
