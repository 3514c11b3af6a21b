/**
 * Every differentiable op and loss: analytic gradients on each engine (cpu, cpu without BLAS,
 * webgpu on lavapipe, webgpu with forced splits) against f64 central differences on the
 * reference engine, on fresh seeded random inputs with ragged shapes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { engineCases } from "../tensor/testing.ts";
import type { TensorEngine } from "../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed } from "../testing/random.ts";
import { gradcheck, type Build, type CheckInput } from "./gradcheck.ts";
import * as nn from "./index.ts";

const seed = suiteSeed();
const rng = createRng(seed);
const f = (shape: number[], lo = -1.5, hi = 1.5): CheckInput => ({ values: randomMatrix(rng, shape.reduce((p, d) => p * d, 1), lo, hi), shape });
const ids = (values: number[]): CheckInput => ({ values: Int32Array.from(values), shape: [values.length] });

const CASES: Array<[string, Build, () => CheckInput[]]> = [
  ["add (row broadcast)", (_e, [a, b]) => nn.add(a!, b!), () => [f([5, 7]), f([7])]],
  ["sub (column broadcast)", (_e, [a, b]) => nn.sub(a!, b!), () => [f([5, 7]), f([5, 1])]],
  ["mul (scalar broadcast, scalar first)", (_e, [a, b]) => nn.mul(a!, b!), () => [f([1]), f([4, 3])]],
  ["div", (_e, [a, b]) => nn.div(a!, b!), () => [f([3, 5]), f([3, 5], 0.5, 2)]],
  ["affine, scale, neg", (_e, [x]) => nn.neg(nn.scale(nn.affine(x!, 1.5, 0.2), -2)), () => [f([4, 6])]],
  ["relu", (_e, [x]) => nn.relu(x!), () => [f([6, 5])]],
  ["sigmoid", (_e, [x]) => nn.sigmoid(x!), () => [f([6, 5], -4, 4)]],
  ["tanh", (_e, [x]) => nn.tanh(x!), () => [f([6, 5])]],
  ["exp", (_e, [x]) => nn.exp(x!), () => [f([3, 4])]],
  ["log", (_e, [x]) => nn.log(x!), () => [f([3, 4], 0.3, 3)]],
  ["sqrt", (_e, [x]) => nn.sqrt(x!), () => [f([3, 4], 0.3, 3)]],
  ["square", (_e, [x]) => nn.square(x!), () => [f([3, 4])]],
  ["abs", (_e, [x]) => nn.abs(x!), () => [f([3, 4])]],
  ["softplus", (_e, [x]) => nn.softplus(x!), () => [f([3, 4], -5, 5)]],
  ["dropout (seeded mask)", (_e, [x]) => nn.dropout(x!, 0.4, 1234), () => [f([9, 7])]],
  ["reluDropout (seeded mask)", (_e, [x]) => nn.reluDropout(x!, 0.3, 4321), () => [f([9, 7])]],
  ["matmul", (_e, [a, b]) => nn.matmul(a!, b!), () => [f([5, 3]), f([3, 7])]],
  ["matmul transA", (_e, [a, b]) => nn.matmul(a!, b!, { transA: true }), () => [f([3, 5]), f([3, 7])]],
  ["matmul transB", (_e, [a, b]) => nn.matmul(a!, b!, { transB: true }), () => [f([5, 3]), f([7, 3])]],
  ["matmul transA transB", (_e, [a, b]) => nn.matmul(a!, b!, { transA: true, transB: true }), () => [f([3, 5]), f([7, 3])]],
  ["matmul batched", (_e, [a, b]) => nn.matmul(a!, b!), () => [f([2, 3, 4]), f([2, 4, 5])]],
  ["linear with bias", (_e, [x, w, b]) => nn.linear(x!, w!, b!), () => [f([6, 4]), f([4, 3]), f([3])]],
  ["sum and mean over each axis", (_e, [x]) => nn.add(nn.add(nn.sum(x!, 0), nn.mean(x!, "all")), nn.mean(x!, 0)), () => [f([5, 3])]],
  ["sum within rows", (_e, [x]) => nn.sum(x!, 1), () => [f([5, 3])]],
  ["reshape", (_e, [x]) => nn.tanh(nn.reshape(x!, [3, 8])), () => [f([4, 6])]],
  ["concat", (_e, [a, b, c]) => nn.concat([a!, b!, c!]), () => [f([4, 2]), f([4, 5]), f([4, 1])]],
  ["sliceColumns and split", (_e, [x]) => { const [p, q] = nn.split(x!, [2, 5]); return nn.mul(nn.sliceColumns(x!, 1, 2), nn.add(p!, nn.sum(q!, 1))); }, () => [f([3, 7])]],
  ["embedding (row-sparse gradient, repeated ids)", (e, [t]) => nn.embedding(t!, nn.prepareIds(e, Int32Array.from([3, 0, 3, 5, 3]), 7, "test")), () => [f([7, 4])]],
  ["embeddingBag sum with weights and an empty bag", (e, [t]) => nn.embeddingBag(t!, nn.prepareBags(e, Int32Array.from([1, 4, 4, 2, 0]), Int32Array.from([0, 3, 3, 5]), 6, "sum", "bags", Float32Array.from([0.5, 2, -1, 1, 3]))), () => [f([6, 3])]],
  ["embeddingBag mean", (e, [t]) => nn.embeddingBag(t!, nn.prepareBags(e, Int32Array.from([1, 4, 4, 2, 0]), Int32Array.from([0, 2, 5]), 6, "mean", "bags")), () => [f([6, 3])]],
  ["gatherRows", (_e, [x, i]) => nn.gatherRows(x!, i!), () => [f([4, 3]), ids([2, 2, 0, 3, 2])]],
  ["rowDot", (_e, [a, b]) => nn.rowDot(a!, b!), () => [f([5, 4]), f([5, 4])]],
  ["l2Normalize", (_e, [x]) => nn.l2Normalize(x!), () => [f([5, 4])]],
  ["cosine", (_e, [a, b]) => nn.cosine(a!, b!), () => [f([5, 4]), f([5, 4])]],
  ["bceWithLogits", (e, [x]) => nn.bceWithLogits(x!, e.fromHost(Float32Array.from([1, 0, 0, 1, 1, 0]), [6, 1])), () => [f([6, 1], -3, 3)]],
  ["mse", (_e, [p, t]) => nn.mse(p!, t!), () => [f([4, 3]), f([4, 3])]],
  ["softmaxCrossEntropy (an ignored row)", (e, [x]) => nn.softmaxCrossEntropy(x!, e.fromHost(Int32Array.from([2, -1, 0, 4]), [4], "i32")), () => [f([4, 5], -3, 3)]],
  ["inBatchSoftmax with temperature, accidental hits, logQ", (_e, [q, k]) => nn.inBatchSoftmax(q!, k!, { temperature: 0.5, itemIds: Int32Array.from([7, 3, 7, 1, 3]), logQ: Float32Array.from([-1, -2, -1, -3, -2]) }), () => [f([5, 4]), f([5, 4])]],
  ["inBatchSoftmax at temperature 1 (no scaling pass), accidental hits", (_e, [q, k]) => nn.inBatchSoftmax(q!, k!, { itemIds: Int32Array.from([2, 2, 5, 1]) }), () => [f([4, 3]), f([4, 3])]],
  ["simplexLoss", (_e, [u, p, n]) => nn.simplexLoss(u!, p!, n!, { margin: 0.2, negativeWeight: 3 }), () => [f([3, 4]), f([3, 4]), f([6, 4])]],
];

for (const c of await engineCases()) {
  describe(`gradients on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); });
    for (const [name, build, inputs] of CASES) {
      test(name, async () => {
        expect(await gradcheck(engine, build, inputs())).toBeNull();
      });
    }
  });
}

test("gradcheck catches a wrong gradient", async () => {
  const { createCpuEngine } = await import("../tensor/cpu-engine.ts");
  const { record } = await import("./tape.ts");
  const { runKernel } = await import("../tensor/registry.ts");
  const wrongSquare: Build = (_e, [x]) => record("square", [x!], runKernel("Unary", [x!], { op: "square" })[0]!, (dy) => [dy]);
  const err = await gradcheck(createCpuEngine(), wrongSquare, [f([3, 3])]);
  expect(err).toContain("analytic");
});
