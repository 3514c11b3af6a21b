import { expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuEngine } from "../../tensor/cpu-engine.ts";
import { tidy } from "../../tensor/scope.ts";
import * as nn from "../index.ts";

/** An MLP and an embedding trained with Adam (dense and lazy updates) on fixed data. */
function setup(seed: number) {
  const engine = createCpuEngine();
  const rng = new nn.Rng(seed);
  const mlp = new nn.MLP(engine, [4, 8, 1], { rng });
  const emb = new nn.Embedding(engine, 10, 4, { rng });
  const opt = new nn.Adam({ lr: 0.01 });
  const ids = Int32Array.from({ length: 16 }, (_, i) => (i * 7) % 10);
  const y = engine.fromHost(Float32Array.from({ length: 16 }, (_, i) => i % 2), [16, 1]);
  const step = () => tidy(() => {
    const { grads } = nn.valueAndGrads(() => nn.bceWithLogits(mlp.forward(emb.forward(nn.prepareIds(engine, ids, 10, "ids"))), y));
    opt.step(grads);
  });
  const weights = async () => Buffer.concat(await Promise.all([...mlp.parameters().values(), emb.table].map(async (t) => Buffer.from((await t.read()).buffer))));
  return { modules: { mlp, emb }, opt, step, weights };
}

test("a training resumed from its checkpoint ends bit-identical to the uninterrupted one", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ckpt-"));
  try {
    const a = setup(3);
    for (let i = 0; i < 10; i++) a.step();
    await nn.saveTraining(join(dir, "model.safetensors"), a.modules, a.opt, { note: "after 10" });
    for (let i = 0; i < 10; i++) a.step();

    const b = setup(99); // other initial weights: everything must come from the file
    const meta = await nn.loadTraining(join(dir, "model.safetensors"), b.modules, b.opt);
    expect(meta.note).toBe("after 10");
    expect(b.opt.stepCount).toBe(10);
    for (let i = 0; i < 10; i++) b.step();
    expect((await b.weights()).equals(await a.weights())).toBe(true);
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("loading into a model of another shape names the file and the tensor", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ckpt-"));
  try {
    const a = setup(1);
    await nn.saveTraining(join(dir, "m.safetensors"), a.modules);
    const engine = createCpuEngine();
    const other = { mlp: new nn.MLP(engine, [4, 9, 1], { rng: new nn.Rng(1) }), emb: a.modules.emb };
    await expect(nn.loadTraining(join(dir, "m.safetensors"), other)).rejects.toThrow(/m\.safetensors.*"mlp\.0\.weight" is F32 \[4,8\], the model expects F32 \[4,9\]/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
