/**
 * A training step allocates nothing once warm: its temporaries come back from the engine's pool
 * (typed arrays on the CPU, GPU buffers on WebGPU). On WebGPU a step is also a handful of
 * submissions, not one per dispatch.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { tidy } from "../tensor/scope.ts";
import { engineCases } from "../tensor/testing.ts";
import type { TensorEngine } from "../tensor/tensor.ts";
import type { CpuEngine } from "../tensor/cpu-engine.ts";
import type { WebGpuEngine } from "../tensor/webgpu-engine.ts";
import * as nn from "./index.ts";

const created = (e: TensorEngine) => (e.kind === "webgpu" ? (e as WebGpuEngine).rt.pool.created : (e as CpuEngine).created);

for (const c of await engineCases()) {
  describe(`steady-state steps on ${c.label}`, () => {
    let engine: TensorEngine;
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); });

    test("an MLP + embedding step allocates no storage after warm-up", async () => {
      const rng = new nn.Rng(3);
      const emb = new nn.Embedding(engine, 50, 8, { rng });
      const mlp = new nn.MLP(engine, [8, 16, 1], { rng, dropout: 0.1 });
      const opt = new nn.Adam({ lr: 0.01 });
      const y = engine.fromHost(Float32Array.from({ length: 32 }, (_, i) => i % 2), [32, 1]);
      const ids = Int32Array.from({ length: 32 }, (_, i) => (i * 7) % 50);
      const step = async (i: number) => {
        const loss = tidy(() => {
          const { value, grads } = nn.valueAndGrads(() => nn.bceWithLogits(mlp.forward(emb.forward(nn.prepareIds(engine, ids, 50, "ids")), { seed: i }), y));
          opt.step(grads, nn.clipGradNorm(grads, 1));
          return value;
        });
        await loss.item();
        loss.dispose();
      };
      for (let i = 0; i < 3; i++) await step(i);
      const before = created(engine);
      const submissions = engine.kind === "webgpu" ? (engine as WebGpuEngine).submissions : 0;
      for (let i = 3; i < 8; i++) await step(i);
      expect(created(engine) - before).toBe(0);
      if (engine.kind === "webgpu") {
        const gpu = engine as WebGpuEngine;
        const perStep = (gpu.submissions - submissions) / 5;
        // ~60 dispatches a step: about dispatches / flushEvery submissions, plus the loss read.
        expect(perStep).toBeLessThan(60 / gpu.flushEvery + 4);
      }
    });
  });
}
