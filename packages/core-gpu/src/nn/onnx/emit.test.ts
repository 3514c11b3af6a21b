import { describe, expect, test } from "bun:test";
import { onnx } from "onnx-proto";
import { emitActivation, emitLinear, emitMlp } from "./emit.ts";
import { OnnxGraph } from "./graph.ts";
import { mat, refActivation, refLinear, refMlp } from "./reference.ts";
import { createRng, mismatch, randomLayer, randomMatrix, runGraph } from "./testing.ts";

const ops = (g: OnnxGraph) => onnx.ModelProto.decode(g.toBytes()).graph!.node!.map((n) => n.opType);

describe("emitLinear", () => {
  for (const withBias of [true, false]) {
    test(`2-D input → Gemm${withBias ? " with bias" : ""}, batch 1 and 37`, async () => {
      const rng = createRng(11);
      const l = randomLayer(rng, 12, 5);
      const bias = withBias ? l.bias : undefined;
      const g = new OnnxGraph();
      const y = emitLinear(g, g.input("x", "float", ["batch", 12]), l.weight, bias, 12, 5, "lin");
      expect(g.shapeOf(y)).toEqual(["batch", 5]);
      g.output(y, "float", ["batch", 5]);
      expect(ops(g)).toEqual(["Gemm"]);
      for (const b of [1, 37]) {
        const x = randomMatrix(rng, b * 12);
        const out = await runGraph(g, { x: { data: x, dims: [b, 12] } });
        expect(mismatch(out[y]!, refLinear(mat(b, 12, x), l.weight, bias, 12, 5))).toBeNull();
      }
    });
  }

  test("3-D input → MatMul + Add", async () => {
    const rng = createRng(12);
    const l = randomLayer(rng, 6, 4);
    const g = new OnnxGraph();
    const y = emitLinear(g, g.input("x", "float", ["batch", 3, 6]), l.weight, l.bias, 6, 4, "lin");
    g.output(y, "float", ["batch", 3, 4]);
    expect(ops(g)).toEqual(["MatMul", "Add"]);
    const x = randomMatrix(rng, 5 * 3 * 6);
    const out = await runGraph(g, { x: { data: x, dims: [5, 3, 6] } });
    expect(mismatch(out[y]!, refLinear(mat(15, 6, x), l.weight, l.bias, 6, 4))).toBeNull();
  });

  test("a weight or bias of the wrong length names the layer and both sizes", () => {
    const g = new OnnxGraph();
    const x = g.input("x", "float", ["batch", 4]);
    expect(() => emitLinear(g, x, new Float32Array(11), undefined, 4, 3, "user_mlp.0"))
      .toThrow("user_mlp.0: weight has 11 values, expected 4×3 = 12");
    expect(() => emitLinear(g, x, new Float32Array(12), new Float32Array(4), 4, 3, "user_mlp.1"))
      .toThrow("user_mlp.1: bias has 4 values, expected 3");
    expect(() => emitLinear(g, x, new Float32Array(15), undefined, 5, 3, "user_mlp.2"))
      .toThrow("user_mlp.2: input x has last dim 4, expected 5");
  });
});

describe("emitActivation", () => {
  for (const act of ["relu", "sigmoid", "tanh", "none"] as const) {
    test(act, async () => {
      const g = new OnnxGraph();
      const x = g.input("x", "float", ["batch", 8]);
      const y = emitActivation(g, x, act);
      if (act === "none") {
        expect(y).toBe(x);
        return;
      }
      g.output(y, "float", ["batch", 8]);
      const data = randomMatrix(createRng(13), 37 * 8, -4, 4);
      const out = await runGraph(g, { x: { data, dims: [37, 8] } });
      expect(mismatch(out[y]!, refActivation(mat(37, 8, data), act))).toBeNull();
    });
  }
});

describe("emitMlp", () => {
  for (const [act, last] of [["relu", false], ["relu", true], ["tanh", false], ["sigmoid", true]] as const) {
    test(`${act}, lastActivation ${last}, batch 1 and 37`, async () => {
      const rng = createRng(14);
      const layers = [randomLayer(rng, 10, 16), randomLayer(rng, 16, 8), randomLayer(rng, 8, 3)];
      const g = new OnnxGraph();
      const y = emitMlp(g, g.input("x", "float", ["batch", 10]), layers, { activation: act, lastActivation: last, prefix: "m" });
      g.output(y, "float", ["batch", 3]);
      expect(ops(g).filter((o) => o === "Gemm")).toHaveLength(3);
      for (const b of [1, 37]) {
        const x = randomMatrix(rng, b * 10, -2, 2);
        const out = await runGraph(g, { x: { data: x, dims: [b, 10] } });
        expect(mismatch(out[y]!, refMlp(mat(b, 10, x), layers, act, last))).toBeNull();
      }
    });
  }

  test("mismatched layer sizes and bad weights name the layer", () => {
    const rng = createRng(15);
    const g = new OnnxGraph();
    const x = g.input("x", "float", ["batch", 4]);
    const opts = { activation: "relu", lastActivation: false, prefix: "scorer" } as const;
    expect(() => emitMlp(g, x, [randomLayer(rng, 4, 8), randomLayer(rng, 6, 2)], opts))
      .toThrow("scorer.1: inDim 6 does not match the previous layer's outDim 8");
    const bad = { ...randomLayer(rng, 8, 2), weight: new Float32Array(15) };
    expect(() => emitMlp(g, x, [randomLayer(rng, 4, 8), bad], opts)).toThrow("scorer.1: weight has 15 values, expected 8×2 = 16");
    expect(() => emitMlp(g, x, [], opts)).toThrow(/at least one layer/);
  });
});
