/**
 * `bun bench/train-profile.ts [mlp,twotower,…]`: where one training step of a `bun run bench
 * train` case spends its time on the CPU engine, per kernel (observeKernels), full sizes.
 */
import { createCpuEngine, observeKernels } from "../packages/core-gpu/src/index.ts";
import { ourCase, SIZES } from "./lib/train-ours.ts";

const engine = createCpuEngine();
for (const name of (process.argv[2] ?? "mlp,twotower").split(",")) {
  const c = ourCase(engine, name, SIZES.full);
  if (!c) throw new Error(`no case "${name}" (mlp, twotower, embedding-gather, embedding-scatter)`);
  await c.repeat(2, 1);
  const ms = new Map<string, number>();
  observeKernels((k, t) => ms.set(k, (ms.get(k) ?? 0) + t));
  const steps = 5;
  const timed = await c.repeat(0, steps);
  observeKernels(undefined);
  const kernels = [...ms.values()].reduce((a, b) => a + b, 0);
  console.log(`${name}: ${(timed / steps).toFixed(1)} ms a step, ${(kernels / steps).toFixed(1)} ms in kernels`);
  for (const [k, v] of [...ms].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(26)} ${(v / steps).toFixed(2)} ms`);
  c.dispose();
}
