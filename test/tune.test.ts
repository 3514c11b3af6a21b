/**
 * `shortlist tune` end to end on a toy pipeline (test/fixtures/tune-plugin.ts): the search, its
 * outputs, the validation/test separation, cache reuse, a failing trial, resume, and bad input.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { decodeArtifact } from "@shortlist/runner/host";
import { column, type Table } from "@shortlist/runner";
import { CLI, FIXTURES, readUntil, shortlistExact, writePipeline } from "./cli-helpers.ts";
import { TOY_GRID, toyPipeline } from "./fixtures/toy-search.ts";

async function tuneIn(text: string, ...flags: string[]) {
  const file = writePipeline(text);
  const dir = dirname(file);
  const r = await shortlistExact(["tune", file, "--allow-plugin-path", FIXTURES, ...flags], {}, dir);
  return { ...r, file, dir, root: join(dir, "runs", "toy") };
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { stages: Record<string, { inputs: Record<string, string> }> };

describe("shortlist tune", () => {
  test("a model stage's own metric as objective: the final run's eval stages are printed as the test figures", async () => {
    const r = await tuneIn(toyPipeline(`  objective: toy.model:quality\n  parallel: 1\n  parameters:\n    stages[toy.model].with.x: [1, 3, 5]\n`));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("best: trial 2 (stages[toy.model].with.x=3)");
    expect(r.stdout).toContain("toy.model:quality: 0.0000 on split.valid (measured by the stage on validation rows, in the final run too: 0.0000)");
    expect(r.stdout).toMatch(/toy\.eval on split\.test: score -?\d+\.\d{4}/);
    expect(r.stdout).not.toMatch(/quality: [^\n]* on split\.test/);
    expect(readFileSync(join(r.root, "report.html"), "utf8")).toContain("<th>best, final run (the stage's own figures)</th>");
  });

  test("grid search: chosen on split.valid, tested once on split.test, best.yaml runs", async () => {
    const r = await tuneIn(toyPipeline(TOY_GRID));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // printed sorted by the objective, the failing trial recorded and last
    const table = r.stdout.slice(r.stdout.indexOf("trial  "));
    expect(table.split("\n").slice(2, 6).map((l) => l.split(/\s+/)[0])).toEqual(["2", "1", "4", "3"]);
    expect(table).toMatch(/3\s+failed\s+13 .*unlucky x = 13/);
    expect(r.stdout).toContain("toy.eval:score: 0.5000 on split.valid, 0.2500 on split.test");
    // no trial read the test split; the final run did
    for (const n of [1, 2, 3, 4]) {
      const m = manifest(join(r.root, "trials", String(n)));
      for (const st of Object.values(m.stages)) expect(Object.keys(st.inputs)).not.toContain("split.test");
    }
    expect(Object.keys(manifest(join(r.root, "best")).stages["toy.eval"]!.inputs)).toContain("split.test");
    // trials after the first reuse the shared source stage
    expect(readFileSync(join(r.root, "trials", "4", "log.txt"), "utf8")).toMatch(/toy\.splits ↺ cached/);
    // the chosen run's report has the Tuning section; trial 0 is the pipeline as written
    const html = readFileSync(join(r.root, "best", "report.html"), "utf8");
    for (const part of ["<h2>Tuning</h2>", 'data-chart="tune-trials"', 'data-chart="tune-parameters"', 'data-table="tune-metrics"']) expect(html).toContain(part);
    expect(r.stdout).toContain("pipeline as written (trial 0): toy.eval:score = -3.5000");
    // and the search's own page holds the same section, linking to the chosen run's report
    const page = readFileSync(join(r.root, "report.html"), "utf8");
    for (const part of ["<h1>Shortlist tune: toy</h1>", '<a href="best/report.html">', 'data-chart="tune-parameters"']) expect(page).toContain(part);
    // trials.parquet, sorted
    const t = (await decodeArtifact("table", new Uint8Array(readFileSync(join(r.root, "trials.parquet"))), "trials.parquet")) as Table;
    expect(Array.from(column<Int32Array>(t, "trial"))).toEqual([2, 1, 4, 3]);
    expect(column<string[]>(t, "status")[3]).toBe("failed");
    expect(Array.from(column<Float64Array>(t, "stages[toy.model].with.x"))).toEqual([3, 1, 5, 13]);
    // best.yaml: no tune block, the chosen value, runnable as it is; scores the test split
    const best = readFileSync(join(r.dir, "pipeline.best.yaml"), "utf8");
    expect(best).not.toContain("tune:");
    expect(best).toContain("x: 3");
    const run = await shortlistExact(["run", join(r.dir, "pipeline.best.yaml"), "--allow-plugin-path", FIXTURES, "--out", join(r.dir, "rerun")], {}, r.dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(r.dir, "rerun", "metrics.json"), "utf8")).stages["toy.eval"].score).toBe(0.25);
  });

  test("a killed search resumes with its finished trials kept", async () => {
    const r = await tuneIn(toyPipeline(TOY_GRID));
    expect(r.code).toBe(0);
    rmSync(join(r.root, "trials", "4", "trial.json")); // as if killed during trial 4
    const again = await shortlistExact(["tune", r.file, "--allow-plugin-path", FIXTURES], {}, r.dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("resuming: 3 finished trials kept, 1 to run");
    expect(again.stdout).toContain("trial 4/4");
    expect(again.stdout).not.toContain("trial 1/4");
  });

  test("Ctrl-C stops the search; started again, it keeps the finished trials", async () => {
    const file = writePipeline(toyPipeline(`  objective: toy.eval:score
  parallel: 1
  search:
    stages[toy.model].with.delayMs: 300
  parameters:
    stages[toy.model].with.x: [1, 2, 3, 4, 5, 6]
`));
    const dir = dirname(file);
    const p = Bun.spawn(["bun", CLI, "tune", file, "--allow-plugin-path", FIXTURES], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    const seen = await readUntil(p.stdout.getReader(), /trial 2\/6/);
    expect(seen).toContain("trial 2/6");
    p.kill("SIGINT");
    expect(await p.exited).toBe(130);
    const again = await shortlistExact(["tune", file, "--allow-plugin-path", FIXTURES], {}, dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/resuming: [23] finished trials kept/);
    expect(again.stdout).not.toContain("trial 1/6");
    expect(again.stdout).toContain("trial 6/6");
  }, 20_000);

  test("the cache keeps every variant: a later trial reuses any earlier trial's stage", async () => {
    const r = await tuneIn(toyPipeline(`  objective: toy.eval:score
  parallel: 1
  parameters:
    stages[toy.model].with.x: [1, 3]
    stages[toy.eval].with.offset: [0, 1]
`));
    expect(r.code).toBe(0);
    // trial 4 (x 3, offset 1) reuses trial 3's model (x 3), trial 2 (x 1, offset 1) trial 1's
    expect(readFileSync(join(r.root, "trials", "4", "log.txt"), "utf8")).toMatch(/toy\.model ↺ cached/);
    expect(readFileSync(join(r.root, "trials", "2", "log.txt"), "utf8")).toMatch(/toy\.model ↺ cached/);
    expect(readFileSync(join(r.root, "trials", "3", "log.txt"), "utf8")).toMatch(/toy\.model ✓/);
  });

  test("a derivable stage runs once at the covering options; the covered trials cut it, identically", async () => {
    const file = writePipeline(`name: toy
plugins: ["${FIXTURES}/tune-plugin.ts"]
stages:
  - use: toy.splits
  - use: toy.topn
  - use: toy.count
tune:
  objective: toy.count:score
  parallel: 2
  parameters:
    stages[toy.topn].with.n: [2, 4, 8]
    stages[toy.topn].with.scale: [1, 2]
`);
    const dir = dirname(file);
    const r = await shortlistExact(["tune", file, "--allow-plugin-path", FIXTURES], {}, dir);
    expect(r.code).toBe(0);
    const root = join(dir, "runs", "toy");
    // trials 5 and 6 (n 8) compute; the other four derive their top-n (each as soon as its source is
    // cached, so the order they print in is not fixed)
    // from the smallest cached list that covers them: trial 1 (n 2, scale 1) from trial 0's (the pipeline as written, n 3)
    const log = (n: number) => readFileSync(join(root, "trials", String(n), "log.txt"), "utf8");
    expect(log(1)).toContain("toy.topn: derived from the cached result at n: 3");
    for (const n of [2, 3, 4]) expect(log(n)).toContain("toy.topn: derived from the cached result at n: 8");
    for (const n of [5, 6]) expect(log(n)).toMatch(/toy\.topn ✓/);
    expect(JSON.parse(readFileSync(join(root, "tune.json"), "utf8")).params).toEqual({ "stages[toy.topn].with.n": 4, "stages[toy.topn].with.scale": 2 });
    // a derived output is the one a run computes: same fingerprint, same bytes
    const run = await shortlistExact(["run", file, "--allow-plugin-path", FIXTURES, "--out", join(dir, "direct"), "--set", "stages[toy.topn].with.n=4", "--set", "stages[toy.topn].with.scale=2"], {}, dir);
    expect(run.code).toBe(0);
    const topn = (d: string) => (JSON.parse(readFileSync(join(d, "manifest.json"), "utf8")) as { stages: Record<string, { fingerprint: string; outputs: Record<string, { hash: string }> }> }).stages["toy.topn"]!;
    expect(topn(join(root, "trials", "4"))).toMatchObject({ fingerprint: topn(join(dir, "direct")).fingerprint, outputs: { topn: { hash: topn(join(dir, "direct")).outputs.topn!.hash } } });
  }, 20_000);

  test("halving: every configuration at the smallest budget, the best third on to the next rung", async () => {
    const r = await tuneIn(toyPipeline(`  objective: toy.eval:score
  strategy: halving
  budget: { path: "stages[toy.model].with.y", min: 1, max: 9 }
  eta: 3
  parameters:
    stages[toy.model].with.x: [0, 1, 2, 3, 4, 5, 6, 7, 8]
`));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("rung 1/3: 9 configurations at stages[toy.model].with.y = 1");
    expect(r.stdout).toContain("rung 2/3: 3 configurations at stages[toy.model].with.y = 3");
    expect(r.stdout).toContain("rung 3/3: 1 configuration at stages[toy.model].with.y = 9");
    const tuned = JSON.parse(readFileSync(join(r.root, "tune.json"), "utf8"));
    expect(tuned.trials).toBe(13);
    expect(tuned.params).toEqual({ "stages[toy.model].with.x": 3, "stages[toy.model].with.y": 9 });
    expect(tuned.best).toBe(13);
  });

  test("one search per directory: a second one exits 2 naming the first", async () => {
    const file = writePipeline(toyPipeline(`  objective: toy.eval:score
  search:
    stages[toy.model].with.delayMs: 400
  parameters:
    stages[toy.model].with.x: [1, 2, 3]
`));
    const dir = dirname(file);
    const first = Bun.spawn(["bun", CLI, "tune", file, "--allow-plugin-path", FIXTURES], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    await readUntil(first.stdout.getReader(), /trial 0/);
    const second = await shortlistExact(["tune", file, "--allow-plugin-path", FIXTURES], {}, dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(String(first.pid));
    expect(await first.exited).toBe(0);
  });

  test("random search over a log range", async () => {
    const r = await tuneIn(toyPipeline(`  objective: toy.eval:score
  strategy: random
  trials: 6
  seed: 5
  parameters:
    stages[toy.model].with.x: { min: 0.1, max: 10, scale: log }
`));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("6 trials (random)");
    const tuned = JSON.parse(readFileSync(join(r.root, "tune.json"), "utf8"));
    expect(tuned.trials).toBe(6);
    expect(tuned.params["stages[toy.model].with.x"]).toBeGreaterThan(0.1);
  });

  test.each([
    ["an unknown stage", "    stages[toy.modle].with.x: [1]\n", /pipeline.yaml:11:5: tune.parameters.stages\[toy.modle\].with.x: no stage with id "toy.modle"[\s\S]*did you mean stages\[toy.model\]/],
    ["an unknown option", "    stages[toy.model].with.xx: [1]\n", /pipeline.yaml:11:5: tune.parameters.stages\[toy.model\].with.xx: value 1 is refused: .*unknown option "xx"[\s\S]*did you mean "x"/],
    ["a value the schema refuses", "    stages[toy.model].with.x: [1, 200]\n", /pipeline.yaml:11:5: .*value 200 is refused/],
    ["a non-integer range for an integer option", "    stages[toy.model].with.y: { min: 1, max: 4 }\n", /pipeline.yaml:11:5: .*value 2.5 is refused/],
    ["an empty list", "    stages[toy.model].with.x: []\n", /pipeline.yaml:11:31: .*the search space is empty/],
  ])("bad input before any work, exit 2: %s", async (_, param, message) => {
    const r = await tuneIn(toyPipeline(`  objective: toy.eval:score\n  parameters:\n${param}`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(r.dir, "runs"))).toBe(false);
  });

  test("validate checks the tune: block too", async () => {
    const good = await tuneIn(toyPipeline(TOY_GRID), "--help");
    const ok = await shortlistExact(["validate", good.file, "--allow-plugin-path", FIXTURES]);
    expect(ok.stdout).toContain("search: 4 trials (grid) of toy.eval:score");
    expect(ok.code).toBe(0);
    const bad = writePipeline(toyPipeline(`  objective: toy.eval:score\n  parameters:\n    stages[toy.model].with.x: [1, 200]\n`));
    const r = await shortlistExact(["validate", bad, "--allow-plugin-path", FIXTURES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipeline.yaml:11:5: .*value 200 is refused/);
  });

  test("an objective naming no stage, exit 2 before any work", async () => {
    const r = await tuneIn(toyPipeline(`  objective: toy.evl:score\n  parameters:\n    stages[toy.model].with.x: [1]\n`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipeline.yaml:9:14: tune.objective: no stage "toy.evl"[\s\S]*did you mean "toy.eval:score"/);
    expect(existsSync(join(r.dir, "runs"))).toBe(false);
  });

  test("an objective metric the stage does not record: exit 2 after the first trial", async () => {
    const r = await tuneIn(toyPipeline(`  objective: toy.eval:scor\n  parameters:\n    stages[toy.model].with.x: [1, 2]\n`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipeline.yaml:9:14: tune.objective: stage toy.eval recorded no metric "scor"\n  expected: one of: score/);
    expect(r.stdout).not.toContain("trial 2/2");
  });

  test("eval.recs: an objective metric its options do not record, exit 2 before any work", async () => {
    const file = writePipeline(`name: pop
plugins: ["@shortlist/plugin-data"]
stages:
  - use: data.movielens
    with: { path: "synthetic:ml-100k" }
  - use: data.features
    with: { split: ratio }
  - use: recall.popular
  - use: eval.recs
    with: { recs: recs.popular, k: [10] }
tune:
  objective: eval.recs:ndcg@20
  parameters:
    stages[recall.popular].with.k: [10, 20]
`);
    const r = await shortlistExact(["tune", file], {}, dirname(file));
    expect(r.stderr).toMatch(/pipeline.yaml:12:14: tune.objective: stage eval.recs does not record "ndcg@20"[\s\S]*did you mean "eval.recs:ndcg@10"/);
    expect(r.code).toBe(2);
  });
});
