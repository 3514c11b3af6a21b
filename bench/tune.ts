/**
 * `shortlist tune` against the same configurations run one by one: the 20-trial ItemCF grid of
 * examples/movielens-recbole-tune-itemcf.yaml on real ML-100K, timed as (a) 20 separate
 * `shortlist run`s, one after another, each in a fresh run directory with the trial's `--set`
 * values, as a shell loop would, and (b) one `shortlist tune` in a fresh directory (its final run
 * on split.test included), with its default parallelism and with `--parallel 1`. Issue 14's
 * target: (b) ≤ 0.3× (a). Then the same grid inside the whole examples/movielens-recbole.yaml
 * (popularity, ItemCF, Swing), both ways. Needs ../shared/data/ml-100k.
 *
 *   bun bench/tune.ts            (or `bun run bench tune`)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const FILE = join(ROOT, "examples/movielens-recbole-tune-itemcf.yaml");
const CLI = join(ROOT, "packages/runner/src/cli.ts");
const FULL = join(ROOT, "examples/.bench-tune-recbole.yaml");
const TUNE_BLOCK = `
tune:
  objective: eval.itemcf:ndcg@10
  parameters:
    stages[recall.itemcf].with.neighbours: [100, 200, 400, 800, 1600]
    stages[recall.itemcf].with.activityExponent: [1.5, 2, 2.5, 3]
`;

async function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  const p = Bun.spawn(["bun", CLI, ...args], { cwd: ROOT, stdout: "ignore", stderr: "pipe" });
  const [code, err] = await Promise.all([p.exited, new Response(p.stderr).text()]);
  if (code !== 0) throw new Error(`shortlist ${args.join(" ")}: exit ${code}\n${err}`);
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<void> {
  if (!existsSync(join(ROOT, "../shared/data/ml-100k"))) return void console.log("bench tune: skipped (no ../shared/data/ml-100k)");
  const tmp = mkdtempSync(join(tmpdir(), "bench-tune-"));
  try {
    const grid: string[][] = [];
    for (const n of [100, 200, 400, 800, 1600]) for (const a of [1.5, 2, 2.5, 3]) grid.push([`stages[recall.itemcf].with.neighbours=${n}`, `stages[recall.itemcf].with.activityExponent=${a}`]);
    let separate = 0;
    for (const [i, sets] of grid.entries()) separate += await timed(["run", FILE, "--out", join(tmp, `sep-${i}`), ...sets.flatMap((s) => ["--set", s])]);
    const tuned = await timed(["tune", FILE, "--out", join(tmp, "tune")]);
    const serial = await timed(["tune", FILE, "--out", join(tmp, "tune-1"), "--parallel", "1"]);
    // the same grid inside the whole RecBole pipeline (popularity, ItemCF and Swing): what a user
    // tuning one algorithm of a pipeline does; every stage off ItemCF's path is computed once
    writeFileSync(FULL, readFileSync(join(ROOT, "examples/movielens-recbole.yaml"), "utf8") + TUNE_BLOCK);
    let separateFull = 0;
    for (const [i, sets] of grid.entries()) separateFull += await timed(["run", FULL, "--out", join(tmp, `full-${i}`), ...sets.flatMap((s) => ["--set", s])]);
    const tunedFull = await timed(["tune", FULL, "--out", join(tmp, "tune-full")]);
    const rows = [
      ["ItemCF pipeline: 20 separate `shortlist run`s", separate.toFixed(1), "1.00×"],
      ["ItemCF pipeline: `shortlist tune` (parallel: cores)", tuned.toFixed(1), `${(tuned / separate).toFixed(2)}×`],
      ["ItemCF pipeline: `shortlist tune --parallel 1`", serial.toFixed(1), `${(serial / separate).toFixed(2)}×`],
      ["whole RecBole pipeline: 20 separate `shortlist run`s", separateFull.toFixed(1), "1.00×"],
      ["whole RecBole pipeline: `shortlist tune` (parallel: cores)", tunedFull.toFixed(1), `${(tunedFull / separateFull).toFixed(2)}×`],
    ];
    console.log(["| | wall s | vs separate |", "| --- | --- | --- |", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n"));
    mkdirSync(join(ROOT, "bench/results"), { recursive: true });
    writeFileSync(join(ROOT, "bench/results/tune.json"), JSON.stringify({ date: new Date().toISOString(), separate, tuned, serial, separateFull, tunedFull }, null, 1));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    for (const f of [FILE, FULL]) rmSync(f.replace(/\.yaml$/, ".best.yaml"), { force: true });
    rmSync(FULL, { force: true });
  }
}

if (import.meta.main) await run();
