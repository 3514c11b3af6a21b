import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { createCpuEngine } from "../../tensor/cpu-engine.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { TensorEngine } from "../../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed } from "../../testing/random.ts";
import type { ReduceAxis, ReduceOp } from "./validate.ts";

const seed = suiteSeed();
const OPS: ReduceOp[] = ["sum", "mean", "max", "sumSquares"];
const AXES: ReduceAxis[] = [0, 1, "all"];
/** Off the 64/256-thread grid, empty in either dimension, rank 1 and rank 3; all under 64 KiB. */
const SHAPES: number[][] = [[1, 1], [7, 33], [65, 3], [130, 65], [3, 300], [0, 5], [5, 0], [33], [2, 3, 7], []];

for (const c of await engineCases()) {
  describe(`Reduce on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); });

    /** `scale` (one output): the error is measured against max(|want|, scale) instead of |want| alone. */
    const check = async (x: Float32Array, shape: number[], op: ReduceOp, axis: ReduceAxis, rtol = 1e-5, scale = 0) => {
      const [got] = runKernel("Reduce", [engine.fromHost(x, shape)], { op, axis });
      const [want] = runKernel("Reduce", [ref.fromHost(x, shape)], { op, axis });
      expect(got!.shape).toEqual(want!.shape);
      const w = (await want!.read()) as Float32Array;
      const size = Math.max(1, Math.abs(w[0] ?? 0));
      expectAllClose(await got!.read(), w, (rtol * Math.max(size, scale)) / size, `${op} axis ${axis} of [${shape}] (seed ${seed})`);
    };

    test("every op on every axis, off-grid, empty, rank 0, 1 and 3", async () => {
      const rng = createRng(seed);
      for (const shape of SHAPES) {
        const x = randomMatrix(rng, shape.reduce((p, d) => p * d, 1), -2, 2);
        for (const op of OPS) for (const axis of AXES) await check(x, shape, op, axis);
      }
    });

    test("empty sets: sum 0, mean 0, max −Infinity", async () => {
      const x = engine.zeros([4, 0]);
      expect(Array.from(await runKernel("Reduce", [x], { op: "sum", axis: 1 })[0]!.read())).toEqual([0, 0, 0, 0]);
      expect(Array.from(await runKernel("Reduce", [x], { op: "mean", axis: "all" })[0]!.read())).toEqual([0]);
      expect(Array.from(await runKernel("Reduce", [engine.zeros([0, 2])], { op: "max", axis: 0 })[0]!.read())).toEqual([-Infinity, -Infinity]);
    });

    test("NaN propagates and ±Infinity behave", async () => {
      const x = new Float32Array([1, NaN, 3, -Infinity, 2, 5, Infinity, 0, -1]);
      for (const op of OPS) for (const axis of AXES) {
        const [got] = runKernel("Reduce", [engine.fromHost(x, [3, 3])], { op, axis });
        const [want] = runKernel("Reduce", [ref.fromHost(x, [3, 3])], { op, axis });
        const g = Array.from(await got!.read()), w = Array.from(await want!.read());
        expect(g.map(String)).toEqual(w.map(String));
      }
    });

    test("'all' over 1.5 million elements: windows, partials and a second partial stage", async () => {
      const rng = createRng(seed + 1);
      const n = 1_500_001;
      const x = randomMatrix(rng, n, -1, 1);
      // Tree summation in f32 against the f64 reference: ~1e-6 relative in practice. A sum of
      // random signs is typically as large as √Σx² (~700 here); a seed whose sum cancels to near 0
      // (seed 1051145337: 0.81) keeps an f32 error of that scale, so the sum is judged against it.
      const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0));
      for (const op of OPS) await check(x, [n], op, "all", 1e-5, op === "sum" ? rms : 0);
    }, 60_000);

    test("bad input names the kernel and the shape", () => {
      const x = engine.zeros([3, 4]);
      expect(() => runKernel("Reduce", [x], { op: "prod", axis: 1 })).toThrow('Reduce: unknown op "prod" for x [3, 4]');
      expect(() => runKernel("Reduce", [x], { op: "sum", axis: 2 })).toThrow('Reduce sum: axis 2 for x [3, 4], expected 0, 1 or "all"');
      expect(() => runKernel("Reduce", [engine.zeros([3], "i32")], { op: "sum", axis: 1 })).toThrow("Reduce sum: x [3] is i32, expected f32");
      expect(() => runKernel("Reduce", [x, x], { op: "sum", axis: 1 })).toThrow("Reduce: found 2 inputs");
    });

    test("rows or columns over the binding limit are a clear RangeError", () => {
      const limit = (engine as { maxBindingBytes?: number }).maxBindingBytes;
      if (limit === undefined || limit > 65536) return;
      expect(() => runKernel("Reduce", [engine.zeros([200, 100])], { op: "sum", axis: 0 })).toThrow("Reduce sum axis 0: x [200, 100] is 80000 bytes, over the device's 65536-byte binding limit");
    });
  });
}

test("the CPU engine is bit-identical run twice", async () => {
  const cpu = createCpuEngine();
  const x = cpu.fromHost(randomMatrix(createRng(seed + 2), 130 * 65), [130, 65]);
  for (const axis of AXES) {
    const [a, b] = [0, 1].map(() => runKernel("Reduce", [x], { op: "sumSquares", axis })[0]!);
    expect(Buffer.from((await a!.read()).buffer).equals(Buffer.from((await b!.read()).buffer))).toBe(true);
  }
  await cpu.dispose();
});
