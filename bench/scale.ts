/**
 * `bun run bench scale`: recall.itemcf and recall.swing (stage defaults) on synthetic MovieLens
 * (ML-1M's shape, 1M ratings, then ML-10M's, 10M ratings; BENCH_QUICK=1 only the first,
 * SCALE_SIZES=ml-10m only the second) run three ways on this machine: in one process, as a
 * coordinator of 1 `shortlist worker` process (default threads: one per core), and of 2 worker
 * processes with SHORTLIST_THREADS=1 each (so they do not fight over 2 cores). SCALE_STAGES picks
 * the stages (default recall.itemcf,recall.swing). Shards: the run's default (two per worker). The data stages run
 * once per size in a cached run directory (SCALE_DIR, default /tmp/shortlist-bench-scale/<preset>)
 * and each case reruns only the recall stage (`--only`). Medians over REPEATS (default 3) runs,
 * the cases alternating; a stage whose first single-process run takes over SLOW_SECONDS (90) gets
 * SLOW_REPEATS (default 1) instead (Swing at 10M: ~3 min a run). Artifact hashes must be identical
 * across the cases: the bench fails if not. Writes bench/results/scale.json (scale.quick.json).
 *
 *   bun run bench scale            # or: bun bench/scale.ts
 *   REPEATS=5 SCALE_SIZES=ml-10m bun bench/scale.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startRedisServer } from "@shortlist/runner/testing";
import { median, quick } from "./lib/measure.ts";
import { formatTable } from "./lib/table.ts";
import { pipelineFile, prepareData, runCase, type CaseResult } from "./lib/scale-case.ts";

const SIZES = (process.env.SCALE_SIZES?.split(",") ?? (quick ? ["ml-1m"] : ["ml-1m", "ml-10m"])).map((s) => s.trim());
const RATINGS: Record<string, number> = { tiny: 5_000, "ml-100k": 100_000, "ml-1m": 1_000_000, "ml-10m": 10_000_000, "ml-25m": 25_000_000, "100m": 100_000_000 };
const STAGES = (process.env.SCALE_STAGES?.split(",") ?? ["recall.itemcf", "recall.swing"]).map((s) => s.trim());
const CASES = [
  { name: "single process", workers: 0 },
  { name: "1 worker", workers: 1 },
  { name: "2 workers, 1 thread each", workers: 2, threads: 1 },
];
const REPEATS = Number(process.env.REPEATS ?? 3);
const SLOW_SECONDS = Number(process.env.SLOW_SECONDS ?? 90);
const SLOW_REPEATS = Number(process.env.SLOW_REPEATS ?? 1);

interface Run extends CaseResult {
  load1: number;
}
interface Row {
  size: string;
  ratings: number;
  stage: string;
  case: string;
  workers: number;
  repeats: number;
  runs: Run[];
}

const med = (runs: Run[], f: (r: Run) => number | undefined) => {
  const xs = runs.map(f).filter((x): x is number => x !== undefined && Number.isFinite(x));
  return xs.length ? median(xs) : undefined;
};
const redisOps = (r: Run) => (r.redisCommands ? Object.values(r.redisCommands).reduce((a, b) => a + b, 0) : undefined);

/** The figures of one row, medians over its runs; shares are of the single-process median. */
export function summarise(row: Row, single: number) {
  const m = (f: (r: Run) => number | undefined) => med(row.runs, f);
  const seconds = m((r) => r.seconds)!;
  const overhead = m((r) => r.call?.overhead);
  const jobs = row.runs[0]?.call ? row.runs[0].call.shards + 1 : undefined;
  return {
    seconds, speedup: single / seconds, callWall: m((r) => r.call?.wall), compute: m((r) => r.call?.compute), overhead,
    overheadShare: overhead === undefined ? undefined : overhead / single,
    putSeconds: m((r) => r.call?.putSeconds), readSeconds: m((r) => r.call?.readSeconds), mergeSeconds: m((r) => r.call?.mergeSeconds),
    bytesWritten: m((r) => r.call?.bytesWritten), bytesRead: m((r) => r.call?.bytesRead), jobs,
    redisOps: m(redisOps), redisOpsPerJob: jobs ? m((r) => (redisOps(r) ?? NaN) / jobs) : undefined,
    workerPeakMB: m((r) => (r.workerPeakMB?.length ? Math.max(...r.workerPeakMB) : undefined)), load1: m((r) => r.load1)!,
  };
}

export async function run(): Promise<void> {
  const redis = await startRedisServer();
  const rows: Row[] = [];
  const mismatches: string[] = [];
  try {
    for (const size of SIZES) {
      const dir = process.env.SCALE_DIR ? join(process.env.SCALE_DIR, size) : join(tmpdir(), "shortlist-bench-scale", size);
      const file = pipelineFile(dir, size);
      const runDir = join(dir, "run");
      console.log(`${size}: data stages (cached in ${runDir} after the first time)…`);
      await prepareData(file, runDir);
      for (const stage of STAGES) {
        const mine = CASES.map((c) => ({ size, ratings: RATINGS[size] ?? NaN, stage, case: c.name, workers: c.workers, repeats: REPEATS, runs: [] as Run[] }));
        rows.push(...mine);
        let repeats = REPEATS;
        for (let r = 0; r < repeats; r++) {
          // Alternate the order (single first on the first round, to size the repeats), so load changes hit every case.
          const order = r % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
          for (const i of order) {
            const c = CASES[i]!;
            const load1 = loadavg()[0]!;
            const res = await runCase({ file, runDir, stage, workers: c.workers, threads: c.threads, queue: redis.url, store: join(dir, "store") });
            mine[i]!.runs.push({ ...res, load1 });
            console.log(`${size} ${stage} ${c.name} #${r + 1}: ${res.seconds.toFixed(2)} s (load ${load1.toFixed(1)})${res.call ? `; call ${res.call.wall.toFixed(2)} s, compute ${res.call.compute.toFixed(2)} s, overhead ${res.call.overhead.toFixed(2)} s` : ""}`);
            if (r === 0 && i === 0 && res.seconds > SLOW_SECONDS && REPEATS > SLOW_REPEATS) {
              repeats = SLOW_REPEATS;
              console.log(`${size} ${stage}: ${res.seconds.toFixed(0)} s single-process > ${SLOW_SECONDS} s: ${repeats} repeat(s) for this stage`);
            }
          }
        }
        for (const row of mine) row.repeats = repeats;
        const ref = JSON.stringify(mine[0]!.runs[0]!.hashes);
        for (const row of mine) for (const [k, run] of row.runs.entries()) if (JSON.stringify(run.hashes) !== ref) mismatches.push(`${size} ${stage} ${row.case} run ${k + 1}: ${JSON.stringify(run.hashes)} ≠ single-process ${ref}`);
      }
    }
  } finally {
    await redis.stop();
  }
  report(rows, mismatches);
  if (mismatches.length) throw new Error(`artifact hashes differ between the cases (the sharded result must be byte-identical):\n${mismatches.join("\n")}`);
}

function report(rows: Row[], mismatches: string[]): void {
  const singleOf = (r: Row) => med(rows.find((x) => x.size === r.size && x.stage === r.stage && x.workers === 0)!.runs, (x) => x.seconds)!;
  const figures = rows.map((r) => ({ ...r, runs: r.runs, ...summarise(r, singleOf(r)) }));
  const f = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));
  const pct = (x: number | undefined) => (x === undefined ? "—" : `${(100 * x).toFixed(1)}%`);
  console.log(
    formatTable(
      figures.map((r) => ({
        data: r.size, stage: r.stage, case: r.case, n: String(r.runs.length), "stage s": f(r.seconds), "speed-up": `${f(r.speedup)}×`,
        "call s": f(r.callWall), "compute s": f(r.compute), "overhead s": f(r.overhead), "overhead/single": pct(r.overheadShare),
        "put+read+merge s": r.putSeconds === undefined ? "—" : f(r.putSeconds + r.readSeconds! + r.mergeSeconds!), "MB moved w/r": r.bytesWritten === undefined ? "—" : `${f(r.bytesWritten / 1e6, 0)}/${f(r.bytesRead! / 1e6, 0)}`,
        "redis ops/job": f(r.redisOpsPerJob, 0), "worker MB": f(r.workerPeakMB, 0), load: f(r.load1, 1),
      })),
    ),
  );
  // How the busiest worker's computing grows with the ratings (1 worker, both sizes): the model's exponent.
  const fit = STAGES.map((stage) => {
    const pts = figures.filter((r) => r.stage === stage && r.workers === 1 && r.compute !== undefined);
    if (pts.length < 2) return { stage };
    const [a, b] = [pts[0]!, pts.at(-1)!];
    return { stage, from: a.size, to: b.size, computeFrom: a.compute, computeTo: b.compute, exponent: Math.log(b.compute! / a.compute!) / Math.log(b.ratings / a.ratings) };
  });
  console.log(`compute growth with ratings (1 worker): ${fit.map((x) => ("exponent" in x ? `${x.stage} ×${f(x.computeTo! / x.computeFrom!)} from ${x.from} to ${x.to} → exponent ${f(x.exponent)}` : `${x.stage}: one size only`)).join("; ")}`);
  mkdirSync(join(import.meta.dir, "results"), { recursive: true });
  const machine = { cpus: navigator.hardwareConcurrency, platform: process.platform, bun: Bun.version };
  const out = { command: "bun bench/scale.ts", machine, loadAverage: loadavg(), repeats: REPEATS, slowSeconds: SLOW_SECONDS, slowRepeats: SLOW_REPEATS, cases: CASES, hashesIdentical: mismatches.length === 0, mismatches, fit, rows: figures };
  writeFileSync(join(import.meta.dir, "results", quick ? "scale.quick.json" : "scale.json"), JSON.stringify(out, null, 1) + "\n");
}

if (import.meta.main) await run();
