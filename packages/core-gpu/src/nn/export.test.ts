/**
 * ONNX export of models built from the layers: onnxruntime-node must give the TypeScript forward
 * pass's outputs (within 1e-5 relative) on random inputs, for a user tower (id embedding + mean
 * history bag, concat, MLP with a linear last layer, L2 normalisation), an item tower and an
 * MLP scorer ending in a sigmoid. The weights are trained a few steps first, so biases are not 0.
 */
import { expect, test } from "bun:test";
import { createCpuEngine } from "../tensor/cpu-engine.ts";
import { tidy } from "../tensor/scope.ts";
import * as nn from "./index.ts";
import { mismatch, padBags, randomBags, runGraph } from "./onnx/testing.ts";
import { createRng } from "../testing/random.ts";

const engine = createCpuEngine();
const rng = new nn.Rng(11);
const [nUsers, nItems, dim, batch] = [50, 80, 8, 37];
const users = new nn.Embedding(engine, nUsers, dim, { rng, init: { kind: "normal", scale: 0.3 } });
const history = new nn.EmbeddingBag(engine, nItems, dim, "mean", { rng, init: { kind: "normal", scale: 0.3 } });
const userMlp = new nn.MLP(engine, [2 * dim, 16, 8], { rng, lastActivation: false });
const items = new nn.Embedding(engine, nItems, dim, { rng, init: { kind: "normal", scale: 0.3 } });
const itemMlp = new nn.MLP(engine, [dim, 16, 8], { rng, activation: "tanh", lastActivation: false });
const scorer = new nn.MLP(engine, [16, 12, 1], { rng, activation: "relu", lastActivation: false });

const bagRng = createRng(5);
const { bags, weights } = randomBags(bagRng, batch, 6, nItems, false);
const userIds = Int32Array.from({ length: batch }, (_, i) => (i * 13) % nUsers);
const itemIds = Int32Array.from({ length: batch }, (_, i) => (i * 29 + 3) % nItems);
const offsets = Int32Array.from([0, ...bags.map((b) => b.length)].map((_, i, a) => a.slice(0, i + 1).reduce((p, v) => p + v, 0)));
const flat = Int32Array.from(bags.flat());

const userTower = () => nn.l2Normalize(userMlp.forward(nn.concat([
  users.forward(nn.prepareIds(engine, userIds, nUsers, "user")),
  history.forward(nn.prepareBags(engine, flat, offsets, nItems, "mean", "history")),
])));
const itemTower = () => itemMlp.forward(items.forward(nn.prepareIds(engine, itemIds, nItems, "item")));

test("a few training steps move every weight (the export then carries trained values)", async () => {
  const opt = new nn.Adam({ lr: 0.05 });
  for (let s = 0; s < 5; s++) {
    tidy(() => {
      const { grads } = nn.valueAndGrads(() => nn.add(nn.inBatchSoftmax(userTower(), itemTower()), nn.mean(scorer.forward(nn.concat([userTower(), itemTower()])))));
      opt.step(grads);
    });
  }
  expect(Math.max(...Array.from(await userMlp.layers[0]!.bias!.read()).map(Math.abs))).toBeGreaterThan(0);
});

test("user tower, item tower and scorer exported to ONNX give the forward pass's outputs", async () => {
  const g = new nn.OnnxGraph("towers");
  const padded = padBags(bags, weights);
  const uid = g.input("user_id", "int64", ["batch"]);
  const hid = g.input("history_ids", "int64", ["batch", "len"]);
  const hw = g.input("history_weights", "float", ["batch", "len"]);
  const iid = g.input("item_id", "int64", ["batch"]);
  const u = nn.emitL2Normalize(g, await userMlp.exportOnnx(g, nn.emitConcat(g, [await users.exportOnnx(g, uid, "user"), await history.exportOnnx(g, hid, hw, "history")], 1), "user_mlp"));
  const i = await itemMlp.exportOnnx(g, await items.exportOnnx(g, iid, "item"), "item_mlp");
  const s = nn.emitActivation(g, await scorer.exportOnnx(g, nn.emitConcat(g, [u, i], 1), "scorer"), "sigmoid");
  g.output(u, "float", ["batch", 8]);
  g.output(i, "float", ["batch", 8]);
  g.output(s, "float", ["batch", 1]);
  const out = await runGraph(g, {
    user_id: { data: BigInt64Array.from(userIds, BigInt), dims: [batch] },
    history_ids: { data: padded.ids, dims: [batch, padded.len] },
    history_weights: { data: padded.weights, dims: [batch, padded.len] },
    item_id: { data: BigInt64Array.from(itemIds, BigInt), dims: [batch] },
  });
  const want = await tidy(() => {
    const uv = userTower(), iv = itemTower();
    return [uv, iv, nn.sigmoid(scorer.forward(nn.concat([uv, iv])))];
  }).reduce(async (acc, t) => [...(await acc), (await t.read()) as Float32Array], Promise.resolve([] as Float32Array[]));
  const mat = (data: Float32Array, cols: number) => ({ rows: data.length / cols, cols, data: Float64Array.from(data) });
  expect(mismatch(out[u]!, mat(want[0]!, 8))).toBeNull();
  expect(mismatch(out[i]!, mat(want[1]!, 8))).toBeNull();
  expect(mismatch(out[s]!, mat(want[2]!, 1))).toBeNull();
});
