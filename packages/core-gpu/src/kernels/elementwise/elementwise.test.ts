import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { Tensor, TensorEngine } from "../../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed } from "../../testing/random.ts";
import { BINARY, UNARY } from "./ops.ts";

const seed = suiteSeed();
const SHAPES: number[][] = [[1, 1], [7, 33], [65, 3], [130, 64], [0, 5], [33]];

/** Inputs valid for every op (log/sqrt/reciprocal need positive values). */
function inputFor(op: string, rng: ReturnType<typeof createRng>, n: number): Float32Array {
  const positive = ["log", "sqrt", "reciprocal", "clipScale"].includes(op);
  return randomMatrix(rng, n, positive ? 0.1 : -3, 3);
}

/** Same values bit for bit (NaN equals NaN; +0 and −0 differ), or within `rtol` for finite values. */
function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string, rtol = 0): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (Object.is(g, w) || (rtol > 0 && Number.isFinite(w) && Math.abs(g - w) <= rtol * Math.abs(w))) continue;
    throw new Error(`${what} (seed ${seed})[${i}]: got ${g}, expected ${w}`);
  }
}

for (const c of await engineCases()) {
  describe(`elementwise on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); });

    const compare = async (got: Tensor, want: Tensor, what: string) => {
      expect(got.shape).toEqual(want.shape);
      expectAllClose(await got.read(), await want.read(), 2e-6 * 4, `${what} (seed ${seed})`);
    };

    test("every unary op on every shape", async () => {
      const rng = createRng(seed);
      for (const op of Object.keys(UNARY)) {
        for (const shape of SHAPES) {
          const x = inputFor(op, rng, shape.reduce((p, d) => p * d, 1));
          const drop = op === "dropout" || op === "reluDropout";
          const attrs = { op, alpha: drop ? 0.3 : 1.5, beta: drop ? 1 / 0.7 : -0.25, seed: 12345 };
          const [got] = runKernel("Unary", [engine.fromHost(x, shape)], attrs);
          const [want] = runKernel("Unary", [ref.fromHost(x, shape)], attrs);
          await compare(got!, want!, `${op} [${shape}]`);
        }
      }
    });

    test("every binary op with full, row, column and scalar operands, and in place", async () => {
      const rng = createRng(seed + 1);
      const [r, cols] = [37, 65];
      const shapes = { full: [r, cols], row: [cols], row2: [1, cols], col: [r, 1], scalar: [1] };
      for (const op of Object.keys(BINARY)) {
        for (const [bName, bShape] of Object.entries(shapes)) {
          const a = randomMatrix(rng, r * cols, -2, 2);
          const bn = bShape.reduce((p, d) => p * d, 1);
          const b = op === "div" ? randomMatrix(rng, bn, 0.5, 2) : randomMatrix(rng, bn, -2, 2);
          const attrs = { op, alpha: 0.75 };
          const [want] = runKernel("Binary", [ref.fromHost(a, [r, cols]), ref.fromHost(b, bShape)], attrs);
          const [got] = runKernel("Binary", [engine.fromHost(a, [r, cols]), engine.fromHost(b, bShape)], attrs);
          await compare(got!, want!, `${op} full×${bName}`);
          // operands swapped: the broadcast one first
          const [want2] = runKernel("Binary", [ref.fromHost(b, bShape), ref.fromHost(a, [r, cols])], attrs);
          const [got2] = runKernel("Binary", [engine.fromHost(b, bShape), engine.fromHost(a, [r, cols])], attrs);
          await compare(got2!, want2!, `${op} ${bName}×full`);
          const target = engine.fromHost(a, [r, cols]);
          expect(runKernel("Binary", [target, engine.fromHost(b, bShape)], { ...attrs, inPlace: true })).toEqual([]);
          await compare(target, want!, `${op} in place ×${bName}`);
        }
      }
    });

    test("a tensor larger than the chunk runs in chunks (every element written)", async () => {
      const rng = createRng(seed + 2);
      const shape = [300, 129]; // 38,700 elements: 3 chunks at the forced 64 KiB binding limit
      const a = randomMatrix(rng, 300 * 129), b = randomMatrix(rng, 129);
      const [got] = runKernel("Binary", [engine.fromHost(a, shape), engine.fromHost(b, [129])], { op: "mul" });
      const [want] = runKernel("Binary", [ref.fromHost(a, shape), ref.fromHost(b, [129])], { op: "mul" });
      await compare(got!, want!, "mul chunked");
      const [gd] = runKernel("Unary", [engine.fromHost(a, shape)], { op: "dropout", alpha: 0.5, beta: 2, seed: 9 });
      const [wd] = runKernel("Unary", [ref.fromHost(a, shape)], { op: "dropout", alpha: 0.5, beta: 2, seed: 9 });
      await compare(gd!, wd!, "dropout chunked (same mask on every engine)");
    });

    test("relu and its gradient on −∞, −0, +0, NaN, +∞ give the reference's exact values", async () => {
      const specials = Float32Array.from([-Infinity, -0, 0, NaN, Infinity, -1.5, 2.5, -1e-30]);
      const dy = Float32Array.from([1, 2, Infinity, -3, NaN, 4, -5, 6]);
      const same = (got: ArrayLike<number>, want: ArrayLike<number>, what: string) => {
        for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`${what}[${i}]: got ${got[i]}, expected ${want[i]}`);
      };
      const [y] = runKernel("Unary", [engine.fromHost(specials, [8])], { op: "relu" });
      const [yr] = runKernel("Unary", [ref.fromHost(specials, [8])], { op: "relu" });
      same(await y!.read(), await yr!.read(), "relu");
      const [g] = runKernel("Binary", [engine.fromHost(dy, [8]), engine.fromHost(specials, [8])], { op: "reluGrad" });
      const [gr] = runKernel("Binary", [ref.fromHost(dy, [8]), ref.fromHost(specials, [8])], { op: "reluGrad" });
      same(await g!.read(), await gr!.read(), "reluGrad");
    });

    test("reluDropout equals relu then dropout, and its gradient reluGrad of dropout's, exactly (specials included)", async () => {
      const rng = createRng(seed + 3);
      const n = 4099;
      const x = randomMatrix(rng, n, -2, 2), dy = randomMatrix(rng, n, -2, 2);
      Array.from([-Infinity, -0, 0, NaN, Infinity, -1e-30, 1e-38, 3e-45]).forEach((v, k) => (x[k * 97] = v));
      dy[5] = NaN;
      for (const [p, s] of [[0.2, 7], [0.5, 0xfffffff0], [0.9, 123456789]] as const) {
        const attrs = { alpha: p, beta: 1 / (1 - p), seed: s };
        const t = engine.fromHost(x, [n]);
        const [fused] = runKernel("Unary", [t], { op: "reluDropout", ...attrs });
        const [relu] = runKernel("Unary", [t], { op: "relu" });
        const [twoOps] = runKernel("Unary", [relu!], { op: "dropout", ...attrs });
        const [refFused] = runKernel("Unary", [ref.fromHost(x, [n])], { op: "reluDropout", ...attrs });
        const f = await fused!.read();
        sameBits(f, await twoOps!.read(), `reluDropout p=${p} vs relu+dropout`);
        // WebGPU takes the scale as an f32 uniform (1/0.1 rounds to 10), so it matches within rounding.
        sameBits(f, Float32Array.from(await refFused!.read()), `reluDropout p=${p} vs reference`, engine.kind === "cpu" ? 0 : 1e-6);
        const d = engine.fromHost(dy, [n]);
        const [g] = runKernel("Binary", [d, fused!], { op: "reluDropoutGrad", alpha: attrs.beta });
        const [gd] = runKernel("Unary", [d], { op: "dropout", ...attrs });
        const [want] = runKernel("Binary", [gd!, t], { op: "reluGrad" });
        sameBits(await g!.read(), await want!.read(), `reluDropoutGrad p=${p} vs reluGrad(dropout(dy))`);
      }
    });

    test("Copy reshapes into fresh storage", async () => {
      const x = engine.fromHost(new Int32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
      const [y] = runKernel("Copy", [x], { shape: [3, 2] });
      expect(y!.shape).toEqual([3, 2]);
      expect(Array.from(await y!.read())).toEqual([1, 2, 3, 4, 5, 6]);
    });

    test("bad input names the kernel and both shapes", () => {
      const a = engine.zeros([3, 4]);
      expect(() => runKernel("Binary", [a, engine.zeros([3, 5])], { op: "add" })).toThrow("Binary add: shapes [3, 4] and [3, 5] do not broadcast");
      expect(() => runKernel("Binary", [engine.zeros([4]), a], { op: "add", inPlace: true })).toThrow("input 0 [4] cannot hold the result [3, 4]");
      expect(() => runKernel("Unary", [engine.zeros([2], "i32")], { op: "relu" })).toThrow("is i32, expected f32");
      expect(() => runKernel("Unary", [a], { op: "nope" })).toThrow('unknown op "nope"');
      expect(() => runKernel("Copy", [a], { shape: [5] })).toThrow("cannot reshape [3, 4]");
    });
  });
}

test("dropout drops about p of the elements, and the CPU engine is bit-identical run twice", async () => {
  const { createCpuEngine } = await import("../../tensor/cpu-engine.ts");
  const cpu = createCpuEngine();
  const x = cpu.fromHost(new Float32Array(100_000).fill(1), [100_000]);
  const [y1] = runKernel("Unary", [x], { op: "dropout", alpha: 0.25, beta: 4 / 3, seed: 7 });
  const [y2] = runKernel("Unary", [x], { op: "dropout", alpha: 0.25, beta: 4 / 3, seed: 7 });
  const [y3] = runKernel("Unary", [x], { op: "dropout", alpha: 0.25, beta: 4 / 3, seed: 8 });
  const v1 = await y1!.read(), v2 = await y2!.read(), v3 = await y3!.read();
  expect(Buffer.from(v1.buffer).equals(Buffer.from(v2.buffer))).toBe(true);
  expect(Buffer.from(v1.buffer).equals(Buffer.from(v3.buffer))).toBe(false);
  const dropped = v1.filter((v) => v === 0).length / v1.length;
  expect(dropped).toBeGreaterThan(0.24);
  expect(dropped).toBeLessThan(0.26);
});
