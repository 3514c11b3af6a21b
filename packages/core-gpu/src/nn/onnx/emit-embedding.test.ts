import { describe, expect, test } from "bun:test";
import { emitEmbedding, emitEmbeddingBag } from "./emit-embedding.ts";
import { OnnxGraph } from "./graph.ts";
import { refBag, refEmbedding } from "./reference.ts";
import { createRng, mismatch, padBags, randomBags, randomMatrix, runGraph } from "./testing.ts";

const ROWS = 50;
const DIM = 6;

describe("emitEmbedding", () => {
  test("gathers one row per id, batch 1 and 37", async () => {
    const rng = createRng(21);
    const table = randomMatrix(rng, ROWS * DIM);
    const g = new OnnxGraph();
    const y = emitEmbedding(g, g.input("ids", "int64", ["batch"]), table, ROWS, DIM, "user_emb");
    expect(g.shapeOf(y)).toEqual(["batch", DIM]);
    g.output(y, "float", ["batch", DIM]);
    for (const b of [1, 37]) {
      const ids = Array.from({ length: b }, (_, i) => (i === 0 ? ROWS - 1 : rng.int(ROWS)));
      const out = await runGraph(g, { ids: { data: BigInt64Array.from(ids, BigInt), dims: [b] } });
      expect(mismatch(out[y]!, refEmbedding(ids, table, DIM))).toBeNull();
    }
  });

  test("a table of the wrong length names the layer and both sizes", () => {
    const g = new OnnxGraph();
    expect(() => emitEmbedding(g, g.input("ids", "int64", ["batch"]), new Float32Array(10), 4, 3, "item_emb"))
      .toThrow("item_emb: table has 10 values, expected 4×3 = 12");
  });
});

describe("emitEmbeddingBag", () => {
  for (const mode of ["sum", "mean"] as const) {
    for (const weighted of [false, true]) {
      test(`${mode}${weighted ? ", weighted" : ""}: padding and empty bags, batch 1 and 37`, async () => {
        const rng = createRng(22);
        const table = randomMatrix(rng, ROWS * DIM);
        const g = new OnnxGraph();
        const ids = g.input("ids", "int64", ["batch", "len"]);
        const w = g.input("w", "float", ["batch", "len"]);
        const y = emitEmbeddingBag(g, ids, w, table, ROWS, DIM, mode, "history");
        expect(g.shapeOf(y)).toEqual(["batch", DIM]);
        g.output(y, "float", ["batch", DIM]);
        for (const b of [1, 37]) {
          // batch 1 is a single empty bag (all padding); in 37, row 0 is empty and lengths vary.
          const { bags, weights } = randomBags(rng, b, 7, ROWS, weighted);
          const p = padBags(bags, weights);
          const out = await runGraph(g, { ids: { data: p.ids, dims: [b, p.len] }, w: { data: p.weights, dims: [b, p.len] } });
          expect(mismatch(out[y]!, refBag(bags, weights, table, DIM, mode))).toBeNull();
          expect([...out[y]!.subarray(0, DIM)]).toEqual(new Array(DIM).fill(0)); // empty bag: zeros, not NaN
        }
      });
    }
  }

  test("a repeated id counts twice; one full bag without padding", async () => {
    const table = randomMatrix(createRng(23), ROWS * DIM);
    const g = new OnnxGraph();
    const y = emitEmbeddingBag(g, g.input("ids", "int64", [2, 3]), g.input("w", "float", [2, 3]), table, ROWS, DIM, "mean", "bag");
    g.output(y, "float", [2, DIM]);
    const bags = [[4, 4, 9], [1, 2, 3]];
    const weights = [[1, 1, 1], [1, 1, 1]];
    const p = padBags(bags, weights);
    const out = await runGraph(g, { ids: { data: p.ids, dims: [2, 3] }, w: { data: p.weights, dims: [2, 3] } });
    expect(mismatch(out[y]!, refBag(bags, weights, table, DIM, "mean"))).toBeNull();
  });

  test("bad table or mode names the layer", () => {
    const g = new OnnxGraph();
    const ids = g.input("ids", "int64", ["batch", "len"]);
    const w = g.input("w", "float", ["batch", "len"]);
    expect(() => emitEmbeddingBag(g, ids, w, new Float32Array(7), 2, 4, "sum", "tags")).toThrow("tags: table has 7 values, expected 2×4 = 8");
    expect(() => emitEmbeddingBag(g, ids, w, new Float32Array(8), 2, 4, "max" as "sum", "tags")).toThrow('tags: unknown bag mode "max"');
  });
});
