/**
 * Data plugin throughput: rows/s to load ML-100K (when ../shared/data has it), ratings/s of the
 * synthetic MovieLens generator, impressions/s of the synthetic Ali-CCP generator, and the time and
 * peak memory (RSS high-water mark, one child process per size so peaks do not mix) of data.features
 * on 1,000,000 and 10,000,000 synthetic ratings — with default options (splits, statistics,
 * vocabularies, feature tables) and with both sample sets on. BENCH_QUICK=1 uses 100,000 and
 * 1,000,000 ratings. Targets (issue 4): 1M ratings < 5 s; 10M ratings < 1 GiB peak.
 *
 *   bun bench/data.ts            (or through bench/run.ts)
 *
 * Wall times on a shared 2-core machine move with the load; CPU seconds are printed beside them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { BadRows } from "../packages/plugin-data/src/io/bad-rows.ts";
import { loadMovieLens } from "../packages/plugin-data/src/movielens/load.ts";
import { featuresOptions } from "../packages/plugin-data/src/features/options.ts";
import { generateFeatures } from "../packages/plugin-data/src/features/stage.ts";
import { generateAliCcp } from "../packages/plugin-data/src/synthetic/aliccp.ts";
import { buildWorld, interactionsTable } from "../packages/plugin-data/src/synthetic/movielens.ts";
import { PRESETS } from "../packages/plugin-data/src/synthetic/presets.ts";
import { quick } from "./lib/measure.ts";
import { formatTable } from "./lib/table.ts";

const ML100K = resolve(import.meta.dir, "../../shared/data/ml-100k");

interface FeatureRun {
  ratings: number;
  options: "default" | "all samples";
  seconds: number;
  cpuSeconds: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  outputRows: number;
}

/** Peak resident set of this process so far (Linux VmHWM), in MiB. */
function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

/** The shape (users × items) of the preset closest in size, scaled to `ratings`. */
function sizeFor(ratings: number) {
  const p = ratings >= 5_000_000 ? PRESETS["ml-10m"] : ratings >= 500_000 ? PRESETS["ml-1m"] : PRESETS["ml-100k"];
  return { users: p.users, items: p.items, ratings };
}

/** Child mode: generate `ratings` synthetic ratings, then time data.features alone. */
function child(ratings: number, all: boolean): FeatureRun {
  const interactions = interactionsTable(buildWorld(sizeFor(ratings), 42));
  Bun.gc(true);
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  const o = featuresOptions.parse(all ? { retrieval: true, ranking: true } : {});
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = generateFeatures(interactions, undefined, undefined, o, 42);
  const c = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  let outputRows = 0;
  for (const a of Object.values(out)) if (a.kind === "table") outputRows += a.length;
  return { ratings, options: all ? "all samples" : "default", seconds, cpuSeconds: (c.user + c.system) / 1e6, rssBeforeMiB: rssBefore, peakRssMiB: peakRssMiB(), outputRows };
}

async function inChild(ratings: number, all: boolean): Promise<FeatureRun> {
  const p = Bun.spawn([process.execPath, import.meta.path, "--features", String(ratings), all ? "all" : "default"], { stdout: "pipe", stderr: "inherit" });
  const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]);
  if (code !== 0) throw new Error(`feature child for ${ratings} ratings exited ${code}`);
  return JSON.parse(out.trim().split("\n").pop()!) as FeatureRun;
}

function timeIt<T>(fn: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
}

export async function run(): Promise<void> {
  const rows: Record<string, string>[] = [];
  const results: Record<string, unknown> = { date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), bun: Bun.version, quick };
  const fmt = (x: number, d = 2) => x.toFixed(d);

  if (existsSync(ML100K)) {
    const best = [0, 1, 2].map(() => timeIt(() => loadMovieLens(ML100K, new BadRows("fail")))).sort((a, b) => a.seconds - b.seconds)[0]!;
    const n = best.value.interactions.length;
    results.ml100kLoad = { rows: n, seconds: best.seconds, rowsPerSecond: n / best.seconds };
    rows.push({ case: "load ML-100K (best of 3)", size: `${n} ratings`, seconds: fmt(best.seconds, 3), "cpu s": fmt(best.cpuSeconds, 3), rate: `${fmt(n / best.seconds / 1e6)} M rows/s`, "peak RSS": "" });
  } else {
    console.log(`skipping ML-100K load: ${ML100K} is absent`);
  }

  const genSize = quick ? sizeFor(100_000) : { ...PRESETS["ml-1m"] };
  const gen = timeIt(() => interactionsTable(buildWorld(genSize, 42)));
  results.syntheticMovieLens = { ...genSize, seconds: gen.seconds, cpuSeconds: gen.cpuSeconds, ratingsPerSecond: genSize.ratings / gen.seconds };
  rows.push({ case: "data.synthetic.movielens", size: `${genSize.users}×${genSize.items}×${genSize.ratings}`, seconds: fmt(gen.seconds), "cpu s": fmt(gen.cpuSeconds), rate: `${fmt(genSize.ratings / gen.seconds / 1e6)} M ratings/s`, "peak RSS": "" });

  const aliRows = quick ? 100_000 : 1_000_000;
  const ali = timeIt(() => generateAliCcp({ rows: aliRows, signal: "planted", seed: 42, clickRate: 0.1, conversionRate: 0.05, strength: 3, dims: 8 }));
  results.syntheticAliCcp = { rows: aliRows, seconds: ali.seconds, rowsPerSecond: aliRows / ali.seconds };
  rows.push({ case: "data.synthetic.aliccp (planted)", size: `${aliRows} rows`, seconds: fmt(ali.seconds), "cpu s": fmt(ali.cpuSeconds), rate: `${fmt(aliRows / ali.seconds / 1e6)} M rows/s`, "peak RSS": "" });

  const features: FeatureRun[] = [];
  for (const n of quick ? [100_000, 1_000_000] : [1_000_000, 10_000_000]) {
    for (const all of [false, true]) {
      const f = await inChild(n, all);
      features.push(f);
      rows.push({
        case: `data.features (${f.options})`,
        size: `${n} ratings`,
        seconds: fmt(f.seconds),
        "cpu s": fmt(f.cpuSeconds),
        rate: `${fmt(n / f.seconds / 1e6)} M ratings/s`,
        "peak RSS": `${fmt(f.peakRssMiB, 0)} MiB (input held: ${fmt(f.rssBeforeMiB, 0)})`,
      });
    }
  }
  results.features = features;
  console.log(formatTable(rows));
  const dir = join(import.meta.dir, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, quick ? "data.quick.json" : "data.json"), JSON.stringify(results, null, 2) + "\n");
}

if (import.meta.main) {
  const at = process.argv.indexOf("--features");
  if (at >= 0) console.log(JSON.stringify(child(Number(process.argv[at + 1]), process.argv[at + 2] === "all")));
  else await run();
}
