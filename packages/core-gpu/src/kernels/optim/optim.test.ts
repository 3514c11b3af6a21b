import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { Tensor, TensorEngine } from "../../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed, type Rng } from "../../testing/random.ts";
import { DENSE_CASES, initialState, stepAttrs, type Case } from "./cases.ts";

const seed = suiteSeed();
/** 130 × 129 = 16,770 elements: 2 windows on the forced-splits engine (16,384 per 64 KiB binding). */
const SHAPES: number[][] = [[1], [7, 33], [65, 3], [0, 5], [130, 129]];

for (const c of await engineCases()) {
  describe(`optim (dense) on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); await ref.dispose(); });

    /** Runs `steps` updates of `k` on both engines from the same start; returns [engine tensors, reference tensors]. */
    const run = (k: Case, shape: number[], steps: number, rng: Rng, scale?: number): [Tensor[], Tensor[]] => {
      const n = shape.reduce((p, d) => p * d, 1);
      const init = [randomMatrix(rng, n), ...Array.from({ length: k.states }, (_, j) => initialState(rng, k, j, n))];
      const got = init.map((x) => engine.fromHost(x, shape));
      const want = init.map((x) => ref.fromHost(x, shape));
      for (let s = 0; s < steps; s++) {
        const g = randomMatrix(rng, n, -1, 1);
        const attrs = { ...stepAttrs(k.attrs, s), scaled: scale !== undefined };
        const tail = (e: TensorEngine) => (scale !== undefined ? [e.fromHost(new Float32Array([scale]), [1])] : []);
        expect(runKernel(k.name, [got[0]!, engine.fromHost(g, shape), ...got.slice(1), ...tail(engine)], attrs)).toEqual([]);
        runKernel(k.name, [want[0]!, ref.fromHost(g, shape), ...want.slice(1), ...tail(ref)], attrs);
      }
      return [got, want];
    };
    const compare = async (got: Tensor[], want: Tensor[], what: string) => {
      // three f32 steps against f64 stay within 1e-5 at these magnitudes
      for (let i = 0; i < got.length; i++) expectAllClose(await got[i]!.read(), await want[i]!.read(), 1e-5, `${what} tensor ${i} (seed ${seed})`);
    };

    test("every update, three steps in a row, on every shape (tables over one binding in windows)", async () => {
      const rng = createRng(seed);
      for (const k of DENSE_CASES) {
        for (const shape of SHAPES) {
          const [got, want] = run(k, shape, 3, rng);
          await compare(got, want, `${k.name} ${JSON.stringify(k.attrs)} [${shape}]`);
        }
      }
    });

    test("gradScale multiplies the gradient first (scaled: true)", async () => {
      const rng = createRng(seed + 1);
      for (const k of DENSE_CASES) {
        const [got, want] = run(k, [65, 33], 2, rng, 0.37);
        await compare(got, want, `${k.name} scaled`);
      }
    });

    test("the CPU engine is deterministic", async () => {
      if (engine.kind === "webgpu") return;
      const twice = async () => {
        const out: number[] = [];
        for (const k of DENSE_CASES) for (const t of run(k, [33, 17], 2, createRng(seed + 2))[0]) out.push(...(await t.read()));
        return out;
      };
      expect(await twice()).toEqual(await twice());
    });
  });
}

describe("optim validation", () => {
  const e = referenceEngine();
  const f = (shape: number[]) => e.zeros(shape);
  test("wrong inputs and attributes throw RangeErrors naming the kernel and the shapes", () => {
    const p = f([4, 3]);
    expect(() => runKernel("AdamUpdate", [p, f([4, 3]), f([4, 3])], { lr: 1, step: 1 })).toThrow("AdamUpdate: found 3 inputs, expected 4 (param, grad, m, v)");
    expect(() => runKernel("AdamUpdate", [p, f([4, 3]), f([4, 3]), f([4, 3])], { lr: 1, step: 1, scaled: true })).toThrow("AdamUpdate: found 4 inputs, expected 5 (param, grad, m, v, gradScale)");
    expect(() => runKernel("SgdUpdate", [p, f([3, 4])], { lr: 1 })).toThrow("SgdUpdate: param [4, 3] and grad [3, 4] differ");
    expect(() => runKernel("AdagradUpdate", [p, f([4, 3]), f([12])], { lr: 1 })).toThrow("AdagradUpdate: param [4, 3] and accum [12] differ");
    expect(() => runKernel("SgdUpdate", [p, f([4, 3]), f([2])], { lr: 1, scaled: true })).toThrow("SgdUpdate: gradScale [2] has 2 elements, expected 1");
    expect(() => runKernel("SgdUpdate", [p, e.zeros([4, 3], "i32")], { lr: 1 })).toThrow("SgdUpdate: input [4, 3] is i32, expected f32");
    expect(() => runKernel("SgdUpdate", [p, p], { lr: 1 })).toThrow("SgdUpdate: the same tensor is passed as two inputs");
    expect(() => runKernel("SgdUpdate", [p, f([4, 3])], { lr: 1, momentum: 0.9 })).toThrow("SgdUpdate: momentum 0.9 needs a velocity input");
    expect(() => runKernel("SgdUpdate", [p, f([4, 3]), f([4, 3])], { lr: 1, nesterov: true })).toThrow("SgdUpdate: nesterov needs momentum > 0, found 0");
    expect(() => runKernel("SgdUpdate", [p, f([4, 3])], { lr: NaN })).toThrow("SgdUpdate: lr = NaN, expected a finite number ≥ 0");
    expect(() => runKernel("AdamUpdate", [p, f([4, 3]), f([4, 3]), f([4, 3])], { lr: 1, step: 0 })).toThrow("AdamUpdate: step = 0, expected an integer ≥ 1");
    expect(() => runKernel("AdamUpdate", [p, f([4, 3]), f([4, 3]), f([4, 3])], { lr: 1, beta2: 1, step: 1 })).toThrow("AdamUpdate: beta2 = 1, expected a number in [0, 1)");
    expect(() => runKernel("FtrlUpdate", [p, f([4, 3]), f([4, 3]), f([4, 3])], { alpha: 0 })).toThrow("FtrlUpdate: alpha = 0, expected a finite number > 0");
    const rows = e.zeros([2], "i32");
    expect(() => runKernel("SparseAdagradUpdate", [p, rows, f([2, 4]), f([4, 3])], { lr: 1 })).toThrow("SparseAdagradUpdate: table [4, 3], rows [2] and values [2, 4]: expected values [2, 3]");
    expect(() => runKernel("SparseSgdUpdate", [f([12]), rows, f([2, 3])], { lr: 1 })).toThrow("SparseSgdUpdate: table [12] has rank 1, expected [N, D]");
    expect(() => runKernel("SparseSgdUpdate", [p, f([2]), f([2, 3])], { lr: 1 })).toThrow("SparseSgdUpdate: rows [2] is f32, expected i32 [U]");
    expect(() => runKernel("SparseSgdUpdate", [p, rows, f([2, 3])], { lr: 1, momentum: 0.9 })).toThrow("SparseSgdUpdate: momentum 0.9 / nesterov false: the lazy update has no velocity");
  });
});
