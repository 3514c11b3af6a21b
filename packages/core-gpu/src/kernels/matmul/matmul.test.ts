import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { createCpuEngine } from "../../tensor/cpu-engine.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { Tensor, TensorEngine } from "../../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed } from "../../testing/random.ts";

const seed = suiteSeed();
/** [m, n, k] off the tile grid, plus empty dimensions; every operand stays under 64 KiB. */
const DIMS: Array<[number, number, number]> = [[1, 1, 1], [7, 33, 5], [65, 3, 130], [33, 65, 7], [130, 17, 64], [0, 5, 3], [4, 0, 3], [5, 4, 0]];
/** The first WebGPU product compiles the unrolled matmul pipeline: seconds on lavapipe. */
const COMPILE_MS = 60_000;
const FLAGS = [{}, { transA: true }, { transB: true }, { transA: true, transB: true }];

function stored(m: number, n: number, k: number, attrs: { transA?: boolean; transB?: boolean }) {
  return { a: attrs.transA ? [k, m] : [m, k], b: attrs.transB ? [n, k] : [k, n] };
}

for (const c of await engineCases()) {
  describe(`Matmul on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); });

    /** Runs the kernel on the engine under test and on the reference with the same host inputs. */
    const check = async (hosts: Array<[Float32Array, number[]]>, attrs: object, what: string) => {
      const [got] = runKernel("Matmul", hosts.map(([d, s]) => engine.fromHost(d, s)), attrs);
      const [want] = runKernel("Matmul", hosts.map(([d, s]) => ref.fromHost(d, s)), attrs);
      expect(got!.shape).toEqual(want!.shape);
      expectAllClose(await got!.read(), await want!.read(), 1e-5, `${what} (seed ${seed})`);
    };

    test("2-D products with every transpose, with and without bias, off-grid and empty", async () => {
      const rng = createRng(seed);
      for (const [m, n, k] of DIMS) {
        for (const attrs of FLAGS) {
          const s = stored(m, n, k, attrs);
          const a = randomMatrix(rng, m * k), b = randomMatrix(rng, k * n), bias = randomMatrix(rng, n);
          const what = `[${m}, ${n}, ${k}] ${JSON.stringify(attrs)}`;
          await check([[a, s.a], [b, s.b]], attrs, what);
          await check([[a, s.a], [b, s.b], [bias, [n]]], attrs, `${what} + bias`);
        }
      }
    }, COMPILE_MS);

    test("batched products with every transpose", async () => {
      const rng = createRng(seed + 1);
      for (const [bt, m, n, k] of [[3, 7, 33, 5], [2, 65, 3, 40], [1, 1, 1, 1], [0, 4, 4, 4], [2, 3, 4, 0]] as const) {
        for (const attrs of FLAGS) {
          const s = stored(m, n, k, attrs);
          const a = randomMatrix(rng, bt * m * k), b = randomMatrix(rng, bt * k * n);
          await check([[a, [bt, ...s.a]], [b, [bt, ...s.b]]], attrs, `batch ${bt} [${m}, ${n}, ${k}] ${JSON.stringify(attrs)}`);
        }
      }
    });

    test("Inf and NaN propagate", async () => {
      const a = new Float32Array([Infinity, 1, NaN, 2]);
      const b = new Float32Array([1, 0, 1, 1]);
      const [y] = runKernel("Matmul", [engine.fromHost(a, [2, 2]), engine.fromHost(b, [2, 2])], {});
      const v = await y!.read();
      expect(v[0]).toBe(Infinity);
      expect(Number.isNaN(v[1]!)).toBe(true); // Inf·0
      expect(Number.isNaN(v[2]!) && Number.isNaN(v[3]!)).toBe(true);
    });

    test("bad input names the kernel and every shape", () => {
      const z = (s: number[], d: "f32" | "i32" = "f32") => engine.zeros(s, d);
      expect(() => runKernel("Matmul", [z([3, 4]), z([5, 2])], {})).toThrow("Matmul: a [3, 4] and b [5, 2]: inner dimensions 4 and 5 differ");
      expect(() => runKernel("Matmul", [z([3, 4]), z([3, 2])], { transA: true, transB: true })).toThrow("Matmul: a [3, 4] and b [3, 2] (transA, transB): inner dimensions 3 and 2 differ");
      expect(() => runKernel("Matmul", [z([2, 3, 4]), z([3, 4, 2])], {})).toThrow("batch sizes 2 and 3 differ");
      expect(() => runKernel("Matmul", [z([3, 4]), z([2, 4, 2])], {})).toThrow("expected two rank-2 or two rank-3");
      expect(() => runKernel("Matmul", [z([4]), z([4])], {})).toThrow("expected two rank-2 or two rank-3");
      expect(() => runKernel("Matmul", [z([3, 4]), z([4, 2], "i32")], {})).toThrow("Matmul: b [4, 2] is i32, expected f32");
      expect(() => runKernel("Matmul", [z([3, 4]), z([4, 2]), z([3])], {})).toThrow("bias [3] must be [2]");
      expect(() => runKernel("Matmul", [z([1, 3, 4]), z([1, 4, 2]), z([2])], {})).toThrow("only allowed for 2-D products");
      expect(() => runKernel("Matmul", [z([3, 4])], {})).toThrow("found 1 inputs");
      expect(() => runKernel("Matmul", [z([3, 4]), z([4, 2])], { transA: 1 })).toThrow("attribute transA is 1, expected a boolean");
    });

    test("an operand over the binding limit is a clear RangeError", () => {
      const limit = (engine as { maxBindingBytes?: number }).maxBindingBytes;
      if (limit === undefined || limit > 65536) return; // only the forced-splits engine has a small limit
      const a = engine.zeros([200, 100]);
      expect(() => runKernel("Matmul", [a, engine.zeros([100, 3])], {})).toThrow(/Matmul: a \[200, 100\] and b \[100, 3\]: a \[200, 100\] is 80000 bytes, over the device's 65536-byte binding limit/);
    });
  });
}

test("the CPU engine gives bit-identical products run twice, with and without BLAS", async () => {
  for (const blas of ["auto", "none"] as const) {
    const cpu = createCpuEngine({ blas });
    const rng = createRng(seed + 2);
    const a = cpu.fromHost(randomMatrix(rng, 65 * 130), [65, 130]);
    const b = cpu.fromHost(randomMatrix(rng, 33 * 130), [33, 130]);
    const runs: Tensor[] = [0, 1].map(() => runKernel("Matmul", [a, b], { transB: true })[0]!);
    const [v1, v2] = await Promise.all(runs.map((t) => t.read()));
    expect(Buffer.from(v1!.buffer).equals(Buffer.from(v2!.buffer))).toBe(true);
    await cpu.dispose();
  }
});

test("the tiled WebGPU kernel (hardware GPUs use it) agrees too", async () => {
  if (!(await engineCases()).some((c) => c.label === "webgpu")) return;
  const { createWebGpuEngine } = await import("../../tensor/webgpu-engine.ts");
  const gpu = await createWebGpuEngine({ poison: true, subgroups: false });
  const ref = referenceEngine();
  const rng = createRng(seed + 3);
  try {
    expect(gpu.rt.matmulSubgroupSize).toBe(0);
    for (const [m, n, k] of [[65, 33, 130], [7, 1, 17], [5, 4, 0]] as const) {
      for (const attrs of FLAGS) {
        const s = stored(m, n, k, attrs);
        const hosts: Array<[Float32Array, number[]]> = [[randomMatrix(rng, m * k), s.a], [randomMatrix(rng, k * n), s.b], [randomMatrix(rng, n), [n]]];
        const [got] = runKernel("Matmul", hosts.map(([d, sh]) => gpu.fromHost(d, sh)), attrs);
        const [want] = runKernel("Matmul", hosts.map(([d, sh]) => ref.fromHost(d, sh)), attrs);
        expectAllClose(await got!.read(), await want!.read(), 1e-5, `tiled [${m}, ${n}, ${k}] ${JSON.stringify(attrs)} (seed ${seed})`);
      }
    }
  } finally {
    await gpu.dispose();
  }
}, COMPILE_MS);
