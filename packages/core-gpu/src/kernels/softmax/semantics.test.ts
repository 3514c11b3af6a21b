/** The documented edge cases, the gradient against finite differences, determinism, and the 4,096² size on WebGPU. */
import { expect, test } from "bun:test";
import "./index.ts";
import { createCpuEngine, createReferenceEngine } from "../../tensor/cpu-engine.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose } from "../../tensor/testing.ts";
import { createRng, randomMatrix, suiteSeed } from "../../testing/random.ts";
import { logSumExp } from "./reference.ts";

const seed = suiteSeed();
const NEG = -Infinity;

test("masked entries, an all-masked row, a masked target and an ignored row (every engine)", async () => {
  // Row 0: plain; row 1: one masked entry; row 2: all masked; row 3: target masked; row 4: ignored.
  const x = new Float32Array([1, 2, 3, 0, NEG, 0, NEG, NEG, NEG, NEG, 5, 1, 2, 3, 4]);
  const t = new Int32Array([2, 0, 1, 0, -1]);
  const dloss = new Float32Array([1, 2, 1, 1, 1]);
  const l0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
  const lse = [l0, Math.log(2), NEG, Math.log(Math.exp(5) + Math.exp(1)), Math.log(Math.exp(2) + Math.exp(3) + Math.exp(4))];
  const loss = [l0 - 3, Math.log(2), Infinity, Infinity, 0];
  const p = (v: number, z: number) => (v === NEG ? 0 : Math.exp(v - z));
  const grad = [
    p(1, l0), p(2, l0), p(3, l0) - 1,
    2 * (0.5 - 1), 0, 2 * 0.5,
    0, -1, 0,
    -1, p(5, lse[3]!), p(1, lse[3]!),
    0, 0, 0,
  ];
  for (const c of [{ label: "reference", make: async () => createReferenceEngine({ precision: "f64" }) }, ...(await engineCases())]) {
    const e = await c.make();
    const [gl, gz] = runKernel("SoftmaxCrossEntropy", [e.fromHost(x, [5, 3]), e.fromHost(t, [5])], {});
    expectAllClose(await gz!.read(), lse, 1e-5, `lse on ${c.label}`);
    expectAllClose(await gl!.read(), loss, 1e-5, `loss on ${c.label}`);
    const [d] = runKernel("SoftmaxCrossEntropyGrad", [e.fromHost(x, [5, 3]), e.fromHost(t, [5]), e.fromHost(lse, [5, 1]), e.fromHost(dloss, [5, 1])], {});
    expectAllClose(await d!.read(), grad, 1e-5, `dlogits on ${c.label}`);
    await e.dispose();
  }
});

test("the gradient of Σ dloss·loss matches central finite differences (f64 reference engine)", async () => {
  const rng = createRng(seed);
  const ref = createReferenceEngine({ precision: "f64" });
  const [b, n] = [4, 7];
  const x = Array.from(randomMatrix(rng, b * n, -3, 3));
  x[5] = NEG; // a masked entry: its gradient is 0
  const t = new Int32Array([3, -1, 0, 6]);
  const w = Array.from(randomMatrix(rng, b, 0.5, 2));
  const total = (v: number[]) => {
    const [loss] = runKernel("SoftmaxCrossEntropy", [ref.fromHost(v, [b, n]), ref.fromHost(t, [b])], {});
    const l = ref.data(loss!);
    return w.reduce((s, wi, i) => s + wi * l[i]!, 0);
  };
  const [, lse] = runKernel("SoftmaxCrossEntropy", [ref.fromHost(x, [b, n]), ref.fromHost(t, [b])], {});
  const [d] = runKernel("SoftmaxCrossEntropyGrad", [ref.fromHost(x, [b, n]), ref.fromHost(t, [b]), lse!, ref.fromHost(w, [b, 1])], {});
  const g = ref.data(d!);
  const h = 1e-5;
  for (let e = 0; e < b * n; e++) {
    if (x[e] === NEG) {
      expect(g[e]).toBe(0);
      continue;
    }
    const plus = x.slice(), minus = x.slice();
    plus[e]! += h;
    minus[e]! -= h;
    const fd = (total(plus) - total(minus)) / (2 * h);
    if (!(Math.abs(fd - g[e]!) <= 1e-7)) throw new Error(`dlogits[${e}]: analytic ${g[e]}, finite difference ${fd} (seed ${seed})`);
  }
  await ref.dispose();
});

test("the CPU engines throw on a target outside [-1, N); the CPU engine is bit-identical run twice", async () => {
  const cpu = createCpuEngine();
  const x = cpu.fromHost(randomMatrix(createRng(seed), 300 * 50, -4, 4), [300, 50]);
  expect(() => runKernel("SoftmaxCrossEntropy", [cpu.zeros([2, 3]), cpu.fromHost(new Int32Array([0, 3]), [2])], {})).toThrow("SoftmaxCrossEntropy: targets[1] = 3, expected a column in [0, 3) or -1");
  const t = cpu.fromHost(Int32Array.from({ length: 300 }, (_, i) => i % 50), [300]);
  const [l1, z1] = runKernel("SoftmaxCrossEntropy", [x, t], {});
  const [l2, z2] = runKernel("SoftmaxCrossEntropy", [x, t], {});
  const [d1] = runKernel("SoftmaxCrossEntropyGrad", [x, t, z1!, l1!], {});
  const [d2] = runKernel("SoftmaxCrossEntropyGrad", [x, t, z2!, l2!], {});
  for (const [a, b] of [[l1, l2], [z1, z2], [d1, d2]]) expect(Buffer.from((await a!.read()).buffer).equals(Buffer.from((await b!.read()).buffer))).toBe(true);
  await cpu.dispose();
});

test("4,096 × 4,096 logits (64 MiB) run on WebGPU, masked too", async () => {
  const gpu = (await engineCases()).find((c) => c.label === "webgpu");
  if (!gpu) return void console.warn("skipped: no WebGPU adapter");
  const e = await gpu.make();
  const [b, n] = [4096, 4096];
  const x = randomMatrix(createRng(seed), b * n, -8, 8);
  const t = Int32Array.from({ length: b }, (_, i) => (i * 7) % n);
  const [loss, lse] = runKernel("SoftmaxCrossEntropy", [e.fromHost(x, [b, n]), e.fromHost(t, [b])], {});
  const [d] = runKernel("SoftmaxCrossEntropyGrad", [e.fromHost(x, [b, n]), e.fromHost(t, [b]), lse!, loss!], {});
  const ids = e.fromHost(Int32Array.from({ length: n }, (_, j) => j), [n]);
  const masked = e.fromHost(x, [b, n]);
  runKernel("MaskAccidentalHits", [masked, ids, ids, e.fromHost(new Int32Array(b).fill(-1), [b])], {});
  const z = await lse!.read();
  const g = await d!.read();
  expect(g.some(Number.isNaN)).toBe(false);
  const m = await masked.read();
  expect([m[0], m[1], m[n + 1], m[4095 * n + 4095], m[4095 * n + 4094]]).toEqual([NEG, x[1]!, NEG, NEG, x[4095 * n + 4094]!]);
  for (const i of [0, 1, 2047, 4095]) {
    const want = logSumExp(x, i * n, n);
    expectAllClose([z[i]!], [want], 1e-5, `lse row ${i} (seed ${seed})`);
    // Each gradient row sums to 0 (Σ p = 1, minus the one-hot), up to f32 rounding.
    let s = 0;
    for (let j = 0; j < n; j++) s += g[i * n + j]!;
    expect(Math.abs(s)).toBeLessThan(1e-3);
  }
  await e.dispose();
}, 120_000);
