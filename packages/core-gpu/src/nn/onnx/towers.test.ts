/**
 * Composed graphs as the models export them: two-tower user and item towers and a sigmoid scorer,
 * each checked against the f64 reference on random inputs (empty bags, padding, batch 1 and 37).
 */
import { describe, expect, test } from "bun:test";
import { emitActivation, emitMlp } from "./emit.ts";
import { emitEmbedding, emitEmbeddingBag } from "./emit-embedding.ts";
import { emitConcat, emitL2Normalize, emitRowDot } from "./emit-ops.ts";
import { OnnxGraph } from "./graph.ts";
import { mat, refActivation, refBag, refConcat, refEmbedding, refL2, refMlp, refRowDot } from "./reference.ts";
import { createRng, mismatch, padBags, randomBags, randomLayer, randomMatrix, runGraph, type Rng } from "./testing.ts";

const USERS = 40, ITEMS = 120, TAGS = 15, D = 32;

function params(rng: Rng) {
  return {
    userTable: randomMatrix(rng, USERS * D),
    itemTable: randomMatrix(rng, ITEMS * D),
    tagTable: randomMatrix(rng, TAGS * 16),
    userMlp: [randomLayer(rng, 2 * D, 128), randomLayer(rng, 128, 64)],
    itemMlp: [randomLayer(rng, D + 16, 128), randomLayer(rng, 128, 64)],
  };
}

/** User tower: user embedding ‖ mean of history items → MLP [128, 64] (no last activation) → L2. */
function userTower(g: OnnxGraph, p: ReturnType<typeof params>): string {
  const u = emitEmbedding(g, g.input("user", "int64", ["batch"]), p.userTable, USERS, D, "user_emb");
  const hist = emitEmbeddingBag(g, g.input("hist_ids", "int64", ["batch", "hist_len"]), g.input("hist_w", "float", ["batch", "hist_len"]),
    p.itemTable, ITEMS, D, "mean", "history");
  const h = emitMlp(g, emitConcat(g, [u, hist], 1), p.userMlp, { activation: "relu", lastActivation: false, prefix: "user_mlp" });
  return emitL2Normalize(g, h);
}

/** Item tower: item embedding ‖ weighted sum of tag embeddings → MLP [128, 64] → L2. */
function itemTower(g: OnnxGraph, p: ReturnType<typeof params>): string {
  const i = emitEmbedding(g, g.input("item", "int64", ["batch"]), p.itemTable, ITEMS, D, "item_emb");
  const tags = emitEmbeddingBag(g, g.input("tag_ids", "int64", ["batch", "tag_len"]), g.input("tag_w", "float", ["batch", "tag_len"]),
    p.tagTable, TAGS, 16, "sum", "tags");
  const h = emitMlp(g, emitConcat(g, [i, tags], 1), p.itemMlp, { activation: "relu", lastActivation: false, prefix: "item_mlp" });
  return emitL2Normalize(g, h);
}

function inputs(rng: Rng, b: number) {
  const users = Array.from({ length: b }, () => rng.int(USERS));
  const items = Array.from({ length: b }, () => rng.int(ITEMS));
  const hist = randomBags(rng, b, 9, ITEMS, false);
  const tags = randomBags(rng, b, 4, TAGS, true);
  const hp = padBags(hist.bags, hist.weights), tp = padBags(tags.bags, tags.weights);
  const feeds = {
    user: { data: BigInt64Array.from(users, BigInt), dims: [b] },
    item: { data: BigInt64Array.from(items, BigInt), dims: [b] },
    hist_ids: { data: hp.ids, dims: [b, hp.len] }, hist_w: { data: hp.weights, dims: [b, hp.len] },
    tag_ids: { data: tp.ids, dims: [b, tp.len] }, tag_w: { data: tp.weights, dims: [b, tp.len] },
  };
  return { users, items, hist, tags, feeds };
}

function refUser(p: ReturnType<typeof params>, x: ReturnType<typeof inputs>) {
  const cat = refConcat([refEmbedding(x.users, p.userTable, D), refBag(x.hist.bags, x.hist.weights, p.itemTable, D, "mean")]);
  return refL2(refMlp(cat, p.userMlp, "relu", false));
}

function refItem(p: ReturnType<typeof params>, x: ReturnType<typeof inputs>) {
  const cat = refConcat([refEmbedding(x.items, p.itemTable, D), refBag(x.tags.bags, x.tags.weights, p.tagTable, 16, "sum")]);
  return refL2(refMlp(cat, p.itemMlp, "relu", false));
}

describe("composed graphs", () => {
  test("user tower and item tower, each its own model", async () => {
    const rng = createRng(41);
    const p = params(rng);
    const ug = new OnnxGraph("user_tower");
    const u = userTower(ug, p);
    ug.output(u, "float", ["batch", 64]);
    const ig = new OnnxGraph("item_tower");
    const it = itemTower(ig, p);
    ig.output(it, "float", ["batch", 64]);
    for (const b of [1, 37]) {
      const x = inputs(rng, b);
      const { user, hist_ids, hist_w, item, tag_ids, tag_w } = x.feeds;
      const uo = await runGraph(ug, { user, hist_ids, hist_w });
      expect(mismatch(uo[u]!, refUser(p, x))).toBeNull();
      const io = await runGraph(ig, { item, tag_ids, tag_w });
      expect(mismatch(io[it]!, refItem(p, x))).toBeNull();
    }
  });

  test("both towers and their dot product in one graph", async () => {
    const rng = createRng(42);
    const p = params(rng);
    const g = new OnnxGraph("two_tower");
    const score = emitRowDot(g, userTower(g, p), itemTower(g, p));
    g.output(score, "float", ["batch", 1]);
    for (const b of [1, 37]) {
      const x = inputs(rng, b);
      const out = await runGraph(g, x.feeds);
      expect(mismatch(out[score]!, refRowDot(refUser(p, x), refItem(p, x)))).toBeNull();
    }
  });

  test("MLP scorer: dense features ‖ user ‖ item → MLP [64, 32, 1] → sigmoid", async () => {
    const rng = createRng(43);
    const p = params(rng);
    const layers = [randomLayer(rng, 20 + 2 * D, 64), randomLayer(rng, 64, 32), randomLayer(rng, 32, 1)];
    const g = new OnnxGraph("scorer");
    const u = emitEmbedding(g, g.input("user", "int64", ["batch"]), p.userTable, USERS, D, "user_emb");
    const i = emitEmbedding(g, g.input("item", "int64", ["batch"]), p.itemTable, ITEMS, D, "item_emb");
    const x = emitConcat(g, [g.input("dense", "float", ["batch", 20]), u, i], 1);
    const logit = emitMlp(g, x, layers, { activation: "relu", lastActivation: false, prefix: "scorer" });
    const y = emitActivation(g, logit, "sigmoid");
    g.output(y, "float", ["batch", 1]);
    for (const b of [1, 37]) {
      const dense = randomMatrix(rng, b * 20, -2, 2);
      const { users, items, feeds } = inputs(rng, b);
      const out = await runGraph(g, { dense: { data: dense, dims: [b, 20] }, user: feeds.user, item: feeds.item });
      const cat = refConcat([mat(b, 20, dense), refEmbedding(users, p.userTable, D), refEmbedding(items, p.itemTable, D)]);
      expect(mismatch(out[y]!, refActivation(refMlp(cat, layers, "relu", false), "sigmoid"))).toBeNull();
    }
  });

  test("the comparison catches a wrong weight", async () => {
    const rng = createRng(44);
    const p = params(rng);
    const g = new OnnxGraph("user_tower");
    const u = userTower(g, p);
    g.output(u, "float", ["batch", 64]);
    const x = inputs(rng, 37);
    const { user, hist_ids, hist_w } = x.feeds;
    const out = await runGraph(g, { user, hist_ids, hist_w });
    p.userMlp[1]!.weight[5] = p.userMlp[1]!.weight[5]! + 1e-3; // the reference now differs from the model
    expect(mismatch(out[u]!, refUser(p, x))).not.toBeNull();
  });
});
