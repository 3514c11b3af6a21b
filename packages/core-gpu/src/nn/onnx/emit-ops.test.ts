import { describe, expect, test } from "bun:test";
import { emitConcat, emitL2Normalize, emitRowDot } from "./emit-ops.ts";
import { OnnxGraph } from "./graph.ts";
import { mat, refConcat, refL2, refRowDot } from "./reference.ts";
import { createRng, mismatch, randomMatrix, runGraph } from "./testing.ts";

describe("emitL2Normalize", () => {
  test("unit rows; a zero row stays zero; batch 1 and 37", async () => {
    const rng = createRng(31);
    const g = new OnnxGraph();
    const y = emitL2Normalize(g, g.input("x", "float", ["batch", 9]));
    g.output(y, "float", ["batch", 9]);
    for (const b of [1, 37]) {
      const x = randomMatrix(rng, b * 9, -3, 3);
      if (b > 1) x.fill(0, 9, 18); // row 1 all zeros
      const out = await runGraph(g, { x: { data: x, dims: [b, 9] } });
      expect(mismatch(out[y]!, refL2(mat(b, 9, x)))).toBeNull();
    }
  });
});

describe("emitConcat", () => {
  test("concatenates along axis 1 (and -1), tracking the width", async () => {
    const rng = createRng(32);
    for (const axis of [1, -1]) {
      const g = new OnnxGraph();
      const ins = [3, 5, 2].map((w, i) => g.input(`x${i}`, "float", ["batch", w]));
      const y = emitConcat(g, ins, axis);
      expect(g.shapeOf(y)).toEqual(["batch", 10]);
      g.output(y, "float", ["batch", 10]);
      const xs = [3, 5, 2].map((w) => mat(37, w, randomMatrix(rng, 37 * w)));
      const feeds = Object.fromEntries(xs.map((x, i) => [`x${i}`, { data: Float32Array.from(x.data), dims: [37, x.cols] }]));
      const out = await runGraph(g, feeds);
      expect(mismatch(out[y]!, refConcat(xs))).toBeNull();
    }
    expect(() => emitConcat(new OnnxGraph(), [], 1)).toThrow(/nothing to concatenate/);
  });
});

describe("emitRowDot", () => {
  test("[B, D]·[B, D] → [B, 1], batch 1 and 37", async () => {
    const rng = createRng(33);
    const g = new OnnxGraph();
    const y = emitRowDot(g, g.input("a", "float", ["batch", 16]), g.input("b", "float", ["batch", 16]));
    expect(g.shapeOf(y)).toEqual(["batch", 1]);
    g.output(y, "float", ["batch", 1]);
    for (const n of [1, 37]) {
      const a = randomMatrix(rng, n * 16), b = randomMatrix(rng, n * 16);
      const out = await runGraph(g, { a: { data: a, dims: [n, 16] }, b: { data: b, dims: [n, 16] } });
      expect(mismatch(out[y]!, refRowDot(mat(n, 16, a), mat(n, 16, b)))).toBeNull();
    }
  });
});
