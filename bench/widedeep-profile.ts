/**
 * `bun bench/widedeep-profile.ts [ml-100k,criteo-sample,aliccp]`: where one rank.widedeep training
 * step spends its time on the CPU engine, per kernel (observeKernels), on the datasets and options
 * of `bun run bench widedeep` (ALICCP_ROWS, default 200,000 here: the step does not depend on rows).
 */
import { createCpuEngine, observeKernels } from "../packages/core-gpu/src/index.ts";
import * as nn from "../packages/core-gpu/src/nn/index.ts";
import { encodeRows, fitPreprocessing, resolveColumns, WideDeep, widedeepOptions, type Encoded } from "../packages/plugin-widedeep/src/index.ts";
import { permute, shuffle } from "../packages/plugin-widedeep/src/fit.ts";
import { trainBatch } from "../packages/plugin-widedeep/src/step.ts";
import { aliccp, criteo, ml100k, type BenchData } from "./lib/widedeep-data.ts";

const threads = Number(process.env.BENCH_THREADS ?? 2);
const steps = Number(process.env.PROFILE_STEPS ?? 20);
const loaders: Record<string, () => Promise<BenchData | string> | BenchData | string> = {
  "ml-100k": ml100k,
  "criteo-sample": criteo,
  aliccp: () => aliccp(Number(process.env.ALICCP_ROWS ?? 200_000)),
};
for (const key of (process.argv[2] ?? "ml-100k,criteo-sample,aliccp").split(",")) {
  const d = await loaders[key]!();
  if (typeof d === "string") { console.log(`${key}: skipped (${d})`); continue; }
  const big = key === "aliccp";
  const o = widedeepOptions.parse({ columns: { ...d.columns, sequenceShares: "item_code" }, hiddenUnits: big ? [256, 128] : [1024, 512, 256, 128], batchSize: d.samples.length < 20_000 ? 256 : 1024 });
  const split = d.samples.columns.split as Uint8Array;
  const fitRows = Int32Array.from(split.keys()).filter((r) => split[r] === 0);
  const pre = fitPreprocessing(d.samples, fitRows, resolveColumns(o.columns, d.samples, d.name, "rank.widedeep"), o);
  const x = permute(encodeRows(d.samples, fitRows, pre) as Encoded, shuffle(fitRows.length, 42, 1));
  const model = new WideDeep(createCpuEngine({ threads }), pre, { ...o, seed: 42 });
  const opt = { wide: new nn.Ftrl(o.ftrl), deep: new nn.Adam({ lr: o.lr }) };
  const B = o.batchSize, nb = Math.floor(x.n / B);
  const run = async (from: number, count: number) => {
    const t0 = performance.now();
    for (let b = from; b < from + count; b++) await trainBatch(model, opt, x, (b % nb) * B, (b % nb) * B + B, b + 1, b);
    return performance.now() - t0;
  };
  await run(0, 5);
  const plain = await run(5, steps);
  const ms = new Map<string, number>();
  observeKernels((k, t) => ms.set(k, (ms.get(k) ?? 0) + t));
  await run(5 + steps, steps);
  observeKernels(undefined);
  const kernels = [...ms.values()].reduce((a, b) => a + b, 0);
  console.log(`${key} (batch ${B}, MLP ${o.hiddenUnits.join("-")}): ${(plain / steps).toFixed(2)} ms a step (${Math.round((B * steps) / (plain / 1000))} rows/s), ${(kernels / steps).toFixed(2)} ms in kernels`);
  for (const [k, v] of [...ms].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(26)} ${(v / steps).toFixed(2)} ms`);
}
