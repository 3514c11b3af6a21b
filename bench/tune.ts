/**
 * `shortlist tune` against the same configurations run one by one: the 20-trial ItemCF grid of
 * examples/movielens-recbole-tune-itemcf.yaml on real ML-100K, timed as (a) 20 separate
 * `shortlist run`s, one after another, each in a fresh run directory with the trial's `--set`
 * values, as a shell loop would, and (b) one `shortlist tune` in a fresh directory (its trial 0,
 * the pipeline as written, and its final run on split.test included), with its default
 * parallelism and with `--parallel 1`; (a) and (b) alternate, REPEATS times (default 3), and the
 * table gives medians of wall time and of CPU time (user + system of the process and its children:
 * what the work costs, whatever else shares the machine). Issue 14's target: (b) ≤ 0.3× (a) in
 * wall time. Each repeat checks that every trial's ItemCF table has the sha256 of the one the
 * separate run of its configuration computed. Then, once, the same grid inside examples/movielens-recbole.yaml's popularity, ItemCF
 * and Swing stages (its trained models left out: 20 trainings would take the bench's whole budget,
 * and they are not what the grid varies), both ways.
 * Needs ../shared/data/ml-100k.
 *
 *   bun bench/tune.ts            (or `bun run bench tune`; REPEATS=1 for a quick look)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";

const ROOT = resolve(import.meta.dir, "..");
const FILE = join(ROOT, "examples/movielens-recbole-tune-itemcf.yaml");
const CLI = join(ROOT, "packages/runner/src/cli.ts");
const FULL = join(ROOT, "examples/.bench-tune-recbole.yaml");
const GRID = { neighbours: [100, 200, 400, 800, 1600], activityExponent: [1.5, 2, 2.5, 3] };

interface Cost {
  wall: number;
  cpu: number;
}

/** Wall and CPU seconds of one `shortlist` command (CPU: user + system, its worker processes included). */
async function timed(args: string[]): Promise<Cost> {
  const t0 = performance.now();
  const p = Bun.spawn(["bun", CLI, ...args], { cwd: ROOT, stdout: "ignore", stderr: "pipe" });
  const [code, err] = await Promise.all([p.exited, new Response(p.stderr).text()]);
  if (code !== 0) throw new Error(`shortlist ${args.join(" ")}: exit ${code}\n${err}`);
  return { wall: (performance.now() - t0) / 1000, cpu: Number(p.resourceUsage()?.cpuTime.total ?? 0n) / 1e6 };
}

const add = (a: Cost, b: Cost): Cost => ({ wall: a.wall + b.wall, cpu: a.cpu + b.cpu });
const ZERO: Cost = { wall: 0, cpu: 0 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const KEPT = ["popular", "itemcf", "swing"];

/** examples/movielens-recbole.yaml's data, popularity, ItemCF and Swing stages, with the ItemCF grid as its tune: block. */
function fullPipeline(): string {
  const doc = parse(readFileSync(join(ROOT, "examples/movielens-recbole.yaml"), "utf8"), { merge: true }) as { plugins: string[]; stages: { use: string; id?: string; with?: { recs?: string } }[]; tune?: unknown };
  doc.plugins = doc.plugins.filter((p) => /plugin-(data|itemcf|swing|i2i)$/.test(p));
  doc.stages = doc.stages.filter((s) => s.use.startsWith("data.") || ["recall.popular", "recall.itemcf", "recall.swing", "recall.i2i-recs"].includes(s.use) || (s.use === "eval.recs" && KEPT.some((a) => s.with?.recs === `recs.${a}`)));
  doc.tune = { objective: "eval.itemcf:ndcg@10", parameters: { "stages[recall.itemcf].with.neighbours": GRID.neighbours, "stages[recall.itemcf].with.activityExponent": GRID.activityExponent } };
  return stringify(doc);
}

/** A run directory's recorded sha256 of one stage output. */
const outputHash = (dir: string, stage: string, output: string): string =>
  (JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { stages: Record<string, { outputs: Record<string, { hash: string }> }> }).stages[stage]!.outputs[output]!.hash;

/**
 * Throws unless each trial's ItemCF table (computed or cut from a larger one) has the sha256 of the
 * one the separate run of the same configuration computed: the search saves work, not results.
 */
function checkSameTables(root: string, sepDir: (i: number) => string, grid: string[][]): void {
  for (const [i, sets] of grid.entries()) {
    const trial = readdirSync(join(root, "trials")).find((n) => {
      const params = (JSON.parse(readFileSync(join(root, "trials", n, "trial.json"), "utf8")) as { params: Record<string, unknown> }).params;
      return n !== "0" && sets.every((s) => String(params[s.split("=")[0]!]) === s.split("=")[1]);
    });
    if (!trial) throw new Error(`bench tune: no trial of ${root} has ${sets.join(" ")}`);
    const [a, b] = [outputHash(join(root, "trials", trial), "recall.itemcf", "i2i.itemcf"), outputHash(sepDir(i), "recall.itemcf", "i2i.itemcf")];
    if (a !== b) throw new Error(`bench tune: trial ${trial}'s i2i.itemcf (${a}) differs from the separate run's (${b}) for ${sets.join(" ")}`);
  }
}

/** How many trials of a search ran recall.itemcf, and how many cut it from a cached larger one. */
function itemcfWork(root: string): { ran: number; derived: number } {
  // trials 1..20 (trial 0, the pipeline as written, runs its own ItemCF options)
  const logs = readdirSync(join(root, "trials")).filter((n) => n !== "0").map((n) => readFileSync(join(root, "trials", n, "log.txt"), "utf8"));
  return { ran: logs.filter((l) => /recall\.itemcf ✓/.test(l)).length, derived: logs.filter((l) => l.includes("recall.itemcf: derived from")).length };
}

export async function run(): Promise<void> {
  if (!existsSync(join(ROOT, "../shared/data/ml-100k"))) return void console.log("bench tune: skipped (no ../shared/data/ml-100k)");
  const repeats = Math.max(1, Number(process.env.REPEATS ?? 3));
  const tmp = mkdtempSync(join(tmpdir(), "bench-tune-"));
  try {
    const grid = GRID.neighbours.flatMap((n) => GRID.activityExponent.map((a) => [`stages[recall.itemcf].with.neighbours=${n}`, `stages[recall.itemcf].with.activityExponent=${a}`]));
    const separate: Cost[] = [];
    const tuned: Cost[] = [];
    const serial: Cost[] = [];
    let work = { ran: 0, derived: 0 };
    for (let r = 0; r < repeats; r++) {
      let s = ZERO;
      for (const [i, sets] of grid.entries()) s = add(s, await timed(["run", FILE, "--out", join(tmp, `sep-${r}-${i}`), ...sets.flatMap((x) => ["--set", x])]));
      separate.push(s);
      tuned.push(await timed(["tune", FILE, "--out", join(tmp, `tune-${r}`)]));
      work = itemcfWork(join(tmp, `tune-${r}`));
      checkSameTables(join(tmp, `tune-${r}`), (i) => join(tmp, `sep-${r}-${i}`), grid);
      serial.push(await timed(["tune", FILE, "--out", join(tmp, `tune1-${r}`), "--parallel", "1"]));
      const show = (c: Cost) => `${c.wall.toFixed(1)} s (CPU ${c.cpu.toFixed(1)} s)`;
      console.log(`  repeat ${r + 1}/${repeats}: separate ${show(s)}, tune ${show(tuned.at(-1)!)}, --parallel 1 ${show(serial.at(-1)!)}; load average ${loadavg()[0]!.toFixed(1)}`);
    }
    // the same grid inside the whole RecBole pipeline (popularity, ItemCF and Swing): what a user
    // tuning one algorithm of a pipeline does; every stage off ItemCF's path is computed once
    writeFileSync(FULL, fullPipeline());
    let separateFull = ZERO;
    for (const [i, sets] of grid.entries()) separateFull = add(separateFull, await timed(["run", FULL, "--out", join(tmp, `full-${i}`), ...sets.flatMap((s) => ["--set", s])]));
    const tunedFull = await timed(["tune", FULL, "--out", join(tmp, "tune-full")]);
    const med = (xs: Cost[]): Cost => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) });
    const [sep, tun, ser] = [med(separate), med(tuned), med(serial)];
    const row = (what: string, c: Cost, base: Cost) => [what, c.wall.toFixed(1), `${(c.wall / base.wall).toFixed(2)}×`, c.cpu.toFixed(1), `${(c.cpu / base.cpu).toFixed(2)}×`];
    const rows = [
      row(`ItemCF pipeline: 20 separate \`shortlist run\`s (median of ${repeats})`, sep, sep),
      row(`ItemCF pipeline: \`shortlist tune\` (${availableParallelism()} workers)`, tun, sep),
      row("ItemCF pipeline: `shortlist tune --parallel 1`", ser, sep),
      row("popularity + ItemCF + Swing: 20 separate `shortlist run`s (once)", separateFull, separateFull),
      row("popularity + ItemCF + Swing: `shortlist tune` (once)", tunedFull, separateFull),
    ];
    console.log(["| | wall s | vs separate | CPU s | vs separate |", "| --- | --- | --- | --- | --- |", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n"));
    console.log(`recall.itemcf in the search's 20 trials: run ${work.ran} times, cut from a cached larger top-N ${work.derived} times`);
    mkdirSync(join(ROOT, "bench/results"), { recursive: true });
    const ratios = { wall: tun.wall / sep.wall, wallSerial: ser.wall / sep.wall, cpu: tun.cpu / sep.cpu, cpuSerial: ser.cpu / sep.cpu, wallFull: tunedFull.wall / separateFull.wall, cpuFull: tunedFull.cpu / separateFull.cpu };
    writeFileSync(join(ROOT, "bench/results/tune.json"), JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), loadAverage: loadavg(), repeats, separate, tuned, serial, ratios, itemcf: work, separateFull, tunedFull }, null, 1));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    for (const f of [FILE, FULL]) rmSync(f.replace(/\.yaml$/, ".best.yaml"), { force: true });
    rmSync(FULL, { force: true });
  }
}

if (import.meta.main) await run();
