/**
 * Our side of `bun run bench train`: the same cases as bench/peers/train_torch.py, built from
 * @shortlist/core-gpu's tensors and nn layers. Each case is set up once and then run as repeats
 * of (warm-up steps, timed steps); a repeat returns its timed milliseconds. A step ends when its
 * updates are recorded; the repeat ends after reading the last loss (or syncing), so queued
 * device work is inside the timing.
 */
import { runKernel, type TensorEngine, tidy, type Tensor } from "../../packages/core-gpu/src/index.ts";
import "../../packages/core-gpu/src/kernels/index.ts";
import * as nn from "../../packages/core-gpu/src/nn/index.ts";

export interface OurCase {
  /** One repeat: `warmup` untimed steps, then `timed` steps; returns the timed ms. */
  repeat(warmup: number, timed: number): Promise<number>;
  /** Samples (or bytes) one step processes. */
  work: number;
  lastLoss?: number;
  dispose(): void;
}

export const SIZES = {
  full: { mlpBatch: 4096, ttRows: 100_000, ttBatch: 4096, embRows: 1_000_000, embIds: 65_536 },
  quick: { mlpBatch: 256, ttRows: 1_000, ttBatch: 256, embRows: 10_000, embIds: 1_024 },
};

async function timeSteps(warmup: number, timed: number, step: () => Tensor | undefined, engine: TensorEngine, onLoss: (v: number) => void): Promise<number> {
  const run = async (n: number) => {
    let last: Tensor | undefined;
    for (let i = 0; i < n; i++) {
      last?.dispose();
      last = step();
    }
    if (last) onLoss(await last.item());
    else await engine.sync();
    last?.dispose();
  };
  await run(warmup);
  const t0 = performance.now();
  await run(timed);
  return performance.now() - t0;
}

/** MLP 512→256→128→1, BCE with logits on a planted linear label, Adam lr 1e-3. */
export function mlpCase(engine: TensorEngine, batch: number): OurCase {
  const rng = new nn.Rng(1);
  const model = new nn.MLP(engine, [512, 256, 128, 1], { rng, lastActivation: false });
  const opt = new nn.Adam({ lr: 1e-3 });
  const w = Float32Array.from({ length: 512 }, () => rng.normal());
  const batches = Array.from({ length: 4 }, () => {
    const x = Float32Array.from({ length: batch * 512 }, () => rng.normal());
    const y = Float32Array.from({ length: batch }, (_, r) => (x.subarray(r * 512, r * 512 + 512).reduce((s, v, j) => s + v * w[j]!, 0) > 0 ? 1 : 0));
    return [engine.fromHost(x, [batch, 512]), engine.fromHost(y, [batch, 1])] as const;
  });
  let k = 0;
  const c: OurCase = {
    work: batch,
    repeat: (warmup, timed) => timeSteps(warmup, timed, () => tidy(() => {
      const [x, y] = batches[k++ % batches.length]!;
      const { value, grads } = nn.valueAndGrads(() => nn.bceWithLogits(model.forward(x), y));
      opt.step(grads);
      return value;
    }), engine, (v) => (c.lastLoss = v)),
    dispose: () => batches.flat().forEach((t) => t.dispose()),
  };
  return c;
}

/** Two towers: 100,000×64 user and item tables, MLP 64→128→64 each, in-batch softmax, Adam (lazy on the tables). */
export function twoTowerCase(engine: TensorEngine, rows: number, batch: number): OurCase {
  const rng = new nn.Rng(1);
  const users = new nn.Embedding(engine, rows, 64, { rng, init: { kind: "normal", scale: 1 } });
  const items = new nn.Embedding(engine, rows, 64, { rng, init: { kind: "normal", scale: 1 } });
  const userMlp = new nn.MLP(engine, [64, 128, 64], { rng, lastActivation: false });
  const itemMlp = new nn.MLP(engine, [64, 128, 64], { rng, lastActivation: false });
  const opt = new nn.Adam({ lr: 1e-3 });
  const pairs = Array.from({ length: 4 }, () => [0, 1].map(() => Int32Array.from({ length: batch }, () => Math.floor(rng.float() * rows))) as [Int32Array, Int32Array]);
  let k = 0;
  const c: OurCase = {
    work: batch,
    repeat: (warmup, timed) => timeSteps(warmup, timed, () => tidy(() => {
      const [u, i] = pairs[k++ % pairs.length]!;
      const { value, grads } = nn.valueAndGrads(() => nn.inBatchSoftmax(
        userMlp.forward(users.forward(nn.prepareIds(engine, u, rows, "user"))),
        itemMlp.forward(items.forward(nn.prepareIds(engine, i, rows, "item")))));
      opt.step(grads);
      return value;
    }), engine, (v) => (c.lastLoss = v)),
    dispose: () => {},
  };
  return c;
}

/** Gather (or row scatter-add) of `ids` rows of a rows×64 table; work in bytes (ids·64·4 read + written). */
export function embeddingCase(engine: TensorEngine, rows: number, ids: number, kind: "gather" | "scatter"): OurCase {
  const rng = new nn.Rng(1);
  const table = engine.fromHost(Float32Array.from({ length: rows * 64 }, () => rng.float()), [rows, 64]);
  const idT = engine.fromHost(Int32Array.from({ length: ids }, () => Math.floor(rng.float() * rows)), [ids], "i32");
  const grad = engine.fromHost(Float32Array.from({ length: ids * 64 }, () => rng.float() * 1e-3), [ids, 64]);
  return {
    work: ids * 64 * 4 * 2,
    repeat: (warmup, timed) => timeSteps(warmup, timed, () => {
      if (kind === "gather") runKernel("Gather", [table, idT], {})[0]!.dispose();
      else runKernel("ScatterAdd", [table, idT, grad], {});
      return undefined;
    }, engine, () => {}),
    dispose: () => [table, idT, grad].forEach((t) => t.dispose()),
  };
}

/**
 * Our case for a peer case name.
 * @example
 * const c = ourCase(engine, "mlp", SIZES.full);
 */
export function ourCase(engine: TensorEngine, name: string, s: (typeof SIZES)["full"]): OurCase | undefined {
  if (name === "mlp") return mlpCase(engine, s.mlpBatch);
  if (name === "twotower") return twoTowerCase(engine, s.ttRows, s.ttBatch);
  if (name === "embedding-gather") return embeddingCase(engine, s.embRows, s.embIds, "gather");
  if (name === "embedding-scatter") return embeddingCase(engine, s.embRows, s.embIds, "scatter");
  return undefined; // twotower-sparse: a second peer row, compared with our (always lazy) two-tower
}
