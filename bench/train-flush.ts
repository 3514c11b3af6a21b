/**
 * `bun run bench train-flush`: how many dispatches the WebGPU engine should record per command
 * buffer (onnxruntime-web submits every 16). Times training steps of the bench's MLP (batch 256
 * on a software adapter, 4,096 on a hardware one) at several `flushEvery` values, alternating
 * them repeat by repeat; medians of BENCH_RUNS (≥ 5). Writes bench/results/train-flush.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tidy } from "../packages/core-gpu/src/index.ts";
import * as nn from "../packages/core-gpu/src/nn/index.ts";
import { median, runs } from "./lib/measure.ts";
import { formatTable } from "./lib/table.ts";

const FLUSH = [1, 4, 16, 64, 100_000];

export async function run(): Promise<void> {
  process.env.XDG_RUNTIME_DIR ??= "/tmp";
  const { createWebGpuEngine } = await import("../packages/core-gpu/src/tensor/webgpu-engine.ts");
  const engines = await Promise.all(FLUSH.map((flushEvery) => createWebGpuEngine({ flushEvery })));
  const batch = engines[0]!.rt.software ? 256 : 4096;
  const cases = engines.map((engine) => {
    const rng = new nn.Rng(1);
    const model = new nn.MLP(engine, [512, 256, 128, 1], { rng, lastActivation: false });
    const opt = new nn.Adam({ lr: 1e-3 });
    const x = engine.fromHost(Float32Array.from({ length: batch * 512 }, () => rng.normal()), [batch, 512]);
    const y = engine.fromHost(Float32Array.from({ length: batch }, (_, i) => i % 2), [batch, 1]);
    return async (steps: number) => {
      const t0 = performance.now();
      let loss;
      for (let s = 0; s < steps; s++) {
        loss?.dispose();
        loss = tidy(() => {
          const { value, grads } = nn.valueAndGrads(() => nn.bceWithLogits(model.forward(x), y));
          opt.step(grads);
          return value;
        });
      }
      await loss!.item();
      loss!.dispose();
      return (performance.now() - t0) / steps;
    };
  });
  const times: number[][] = FLUSH.map(() => []);
  for (const c of cases) await c(2); // compile pipelines, fill pools
  for (let r = 0; r < runs; r++) for (const [i, c] of cases.entries()) times[i]!.push(await c(5));
  const submissionsPerStep = engines.map((e) => e.submissions);
  const rows = FLUSH.map((f, i) => ({ flushEvery: f === 100_000 ? "only before reads" : String(f), "ms / step": median(times[i]!).toFixed(1) }));
  console.log(`WebGPU training step (MLP 512→256→128→1, batch ${batch}, Adam) on ${engines[0]!.description}`);
  console.log(formatTable(rows));
  writeFileSync(join(import.meta.dir, "results", "train-flush.json"), `${JSON.stringify({ command: "bun run bench train-flush", date: new Date().toISOString(), adapter: engines[0]!.description, batch, runs, rows, submissionsPerStep }, null, 2)}\n`);
  await Promise.all(engines.map((e) => e.dispose()));
}

if (import.meta.main) await run();
