import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { TensorEngine } from "../../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed, type Rng } from "../../testing/random.ts";

const seed = suiteSeed();
/** Off the 256-thread row and the 64-thread grid; [2, 0] has no columns, [0, 5] no rows. ≤ 16,384 elements: the forced 64 KiB binding. */
const SHAPES: Array<[number, number]> = [[1, 1], [7, 33], [33, 130], [65, 7], [3, 257], [2, 0], [0, 5]];

/** Logits in [−6, 6) with ~10% masked (−∞), row 1 fully masked; targets with ignored rows and masked targets. */
function inputs(rng: Rng, b: number, n: number) {
  const x = randomMatrix(rng, b * n, -6, 6);
  for (let e = 0; e < x.length; e++) if (rng.next() < 0.1) x[e] = -Infinity;
  if (b > 1) x.fill(-Infinity, n, 2 * n);
  const t = Int32Array.from({ length: b }, () => (n === 0 || rng.next() < 0.2 ? -1 : rng.int(n)));
  const dloss = randomMatrix(rng, b, -2, 2);
  return { x, t, dloss };
}

for (const c of await engineCases()) {
  describe(`softmax cross-entropy on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); await ref.dispose(); });

    test("loss, lse and dlogits match the reference", async () => {
      const rng = createRng(seed);
      for (const [b, n] of SHAPES) {
        const { x, t, dloss } = inputs(rng, b, n);
        const what = `[${b}, ${n}] (seed ${seed})`;
        const [loss, lse] = runKernel("SoftmaxCrossEntropy", [engine.fromHost(x, [b, n]), engine.fromHost(t, [b])], {});
        const [wLoss, wLse] = runKernel("SoftmaxCrossEntropy", [ref.fromHost(x, [b, n]), ref.fromHost(t, [b])], {});
        expect(loss!.shape).toEqual([b, 1]);
        expectAllClose(await lse!.read(), await wLse!.read(), 1e-5, `lse ${what}`);
        expectAllClose(await loss!.read(), await wLoss!.read(), 1e-5, `loss ${what}`);
        // Same lse on both sides, so the gradient kernel is compared alone.
        const z = await wLse!.read();
        const [d] = runKernel("SoftmaxCrossEntropyGrad", [engine.fromHost(x, [b, n]), engine.fromHost(t, [b]), engine.fromHost(z, [b, 1]), engine.fromHost(dloss, [b, 1])], {});
        const [wd] = runKernel("SoftmaxCrossEntropyGrad", [ref.fromHost(x, [b, n]), ref.fromHost(t, [b]), ref.fromHost(z, [b, 1]), ref.fromHost(dloss, [b, 1])], {});
        expect(d!.shape).toEqual([b, n]);
        expectAllClose(await d!.read(), await wd!.read(), 1e-5, `dlogits ${what}`);
      }
    });

    test("with probabilities: the forward outputs them and the gradient from them matches the reference", async () => {
      const rng = createRng(seed + 3);
      for (const [b, n] of SHAPES) {
        const { x, t, dloss } = inputs(rng, b, n);
        const what = `[${b}, ${n}] (seed ${seed})`;
        const outs = runKernel("SoftmaxCrossEntropy", [engine.fromHost(x, [b, n]), engine.fromHost(t, [b])], { probabilities: true });
        const want = runKernel("SoftmaxCrossEntropy", [ref.fromHost(x, [b, n]), ref.fromHost(t, [b])], { probabilities: true });
        expect(outs.length).toBe(3);
        expect(outs[2]!.shape).toEqual([b, n]);
        expectAllClose(await outs[0]!.read(), await want[0]!.read(), 1e-5, `loss ${what}`);
        expectAllClose(await outs[2]!.read(), await want[2]!.read(), 1e-5, `probabilities ${what}`);
        const [d] = runKernel("SoftmaxCrossEntropyGrad", [outs[0]!.engine.fromHost(x, [b, n]), engine.fromHost(t, [b]), outs[1]!, engine.fromHost(dloss, [b, 1]), outs[2]!], {});
        const [wd] = runKernel("SoftmaxCrossEntropyGrad", [ref.fromHost(x, [b, n]), ref.fromHost(t, [b]), want[1]!, ref.fromHost(dloss, [b, 1])], {});
        expectAllClose(await d!.read(), await wd!.read(), 1e-5, `dlogits from probabilities ${what}`);
      }
    });

    test("MaskAccidentalHits masks in place, with duplicate ids, keeping each row's target", async () => {
      const rng = createRng(seed + 1);
      for (const [b, n] of SHAPES) {
        const x = randomMatrix(rng, b * n);
        // Ids from a small range, so rows share ids and columns repeat them.
        const rowIds = Int32Array.from({ length: b }, () => rng.int(5));
        const colIds = Int32Array.from({ length: n }, () => rng.int(5));
        const t = Int32Array.from({ length: b }, () => (n === 0 || rng.next() < 0.2 ? -1 : rng.int(n)));
        for (const value of [undefined, -1e9]) {
          const got = engine.fromHost(x, [b, n]);
          const want = ref.fromHost(x, [b, n]);
          const attrs = value === undefined ? {} : { value };
          expect(runKernel("MaskAccidentalHits", [got, engine.fromHost(rowIds, [b]), engine.fromHost(colIds, [n]), engine.fromHost(t, [b])], attrs)).toEqual([]);
          runKernel("MaskAccidentalHits", [want, ref.fromHost(rowIds, [b]), ref.fromHost(colIds, [n]), ref.fromHost(t, [b])], attrs);
          expectAllClose(await got.read(), await want.read(), 0, `masked [${b}, ${n}] value ${value} (seed ${seed})`);
        }
      }
    });

    test("logits above one binding: computed, or a RangeError naming the limit", async () => {
      const [b, n] = [130, 260]; // 135,200 bytes: above the forced 64 KiB binding
      const { x, t } = inputs(createRng(seed + 2), b, n);
      const run = () => runKernel("SoftmaxCrossEntropy", [engine.fromHost(x, [b, n]), engine.fromHost(t, [b])], {});
      const limit = (engine as { maxBindingBytes?: number }).maxBindingBytes ?? Infinity;
      if (4 * b * n > limit) return void expect(run).toThrow(`SoftmaxCrossEntropy: logits [130, 260] take 135200 bytes, above this device's ${limit}-byte binding limit`);
      const [, lse] = run();
      const [, want] = runKernel("SoftmaxCrossEntropy", [ref.fromHost(x, [b, n]), ref.fromHost(t, [b])], {});
      expectAllClose(await lse!.read(), await want!.read(), 1e-5, `lse [130, 260] (seed ${seed})`);
    });

    test("bad shapes and dtypes name the kernel and every shape", () => {
      const x = engine.zeros([3, 4]);
      const i3 = engine.zeros([3], "i32");
      expect(() => runKernel("SoftmaxCrossEntropy", [x, engine.zeros([5], "i32")], {})).toThrow("SoftmaxCrossEntropy: logits [3, 4], targets [5]: targets must be [3]");
      expect(() => runKernel("SoftmaxCrossEntropy", [x, engine.zeros([3])], {})).toThrow("targets is f32, expected i32");
      expect(() => runKernel("SoftmaxCrossEntropy", [engine.zeros([12]), i3], {})).toThrow("logits [12], targets [3]: logits must be 2-D [B, N]");
      expect(() => runKernel("SoftmaxCrossEntropy", [x], {})).toThrow("found 1 inputs (logits [3, 4], targets (missing)), expected 2");
      expect(() => runKernel("SoftmaxCrossEntropyGrad", [x, i3, engine.zeros([3]), engine.zeros([3, 1])], {})).toThrow("SoftmaxCrossEntropyGrad: logits [3, 4], targets [3], lse [3], dloss [3, 1]: lse must be [3, 1]");
      expect(() => runKernel("MaskAccidentalHits", [x, i3, engine.zeros([3], "i32"), i3], {})).toThrow("MaskAccidentalHits: logits [3, 4], rowIds [3], colIds [3], targets [3]: colIds must be [4]");
      expect(() => runKernel("MaskAccidentalHits", [x, i3, engine.zeros([4], "i32"), i3], { value: NaN })).toThrow("value NaN is not a number");
    });
  });
}
