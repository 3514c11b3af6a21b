/**
 * The "Tuning" section `shortlist tune` adds to the chosen configuration's report.html
 * (`runs/<name>/best/report.html`): the objective per trial, the best objective at each value of
 * each parameter, and the objective stage's metrics for the best trial beside the pipeline as
 * written (both on split.valid) and the best on split.test. The same section is also the body of the
 * search's own page, `runs/<name>/report.html`, which links to the best run's and the trials'.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { barChart, figure, htmlTable, section, writeFileAtomic } from "@shortlist/runner/host";
import type { TrialRecord } from "./trials.ts";

export interface TuningReport {
  objective: string;
  direction: "maximise" | "minimise";
  stage: string;
  paths: string[];
  trials: TrialRecord[];
  best: TrialRecord;
  /** The pipeline as written, run on split.valid (trial 0), when it finished. */
  baseline?: TrialRecord;
  test: Record<string, number>;
  /** false when the objective's stage is not an eval stage (rank.widedeep:valid_auc): its final-run figures are not test figures. */
  objectiveOnTest?: boolean;
}

const f = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "" : Number.isInteger(v) ? String(v) : v.toFixed(4));
const short = (p: string) => p.replace(/^stages\[([^\]]+)\]\.with\./, "$1.");

/** @example tuningSection({ objective: "eval.itemcf:ndcg@10", … }) // "<section><h2>Tuning</h2>…" */
export function tuningSection(r: TuningReport): string {
  const done = [...r.trials].sort((a, b) => a.n - b.n);
  const perTrial = barChart(r.objective, done.map((t) => `#${t.n}`), [{ name: r.objective, colour: 0, values: done.map((t) => t.objective) }]);
  const pick = r.direction === "maximise" ? Math.max : Math.min;
  const perParam = r.paths.map((p) => {
    const values = [...new Set(done.map((t) => JSON.stringify(t.params[p])))];
    const best = values.map((v) => pick(...done.filter((t) => JSON.stringify(t.params[p]) === v && Number.isFinite(t.objective)).map((t) => t.objective)));
    return barChart(short(p), values, [{ name: `best ${r.objective}`, colour: 1, values: best.map((b) => (Number.isFinite(b) ? b : NaN)) }]);
  });
  const names = Object.keys(r.best.metrics[r.stage] ?? {});
  const rows = names.map((m) => [m, f(r.baseline?.metrics[r.stage]?.[m]), f(r.best.metrics[r.stage]?.[m]), f(r.test[m])]);
  const chosen = Object.entries(r.best.params).map(([p, v]) => `${short(p)} = ${JSON.stringify(v)}`).join(", ");
  return section(
    "Tuning",
    `shortlist tune ran ${r.trials.length} trials, each scored on split.valid; trial ${r.best.n} (${chosen}) was chosen by ${r.objective} (${r.direction}) and run once on split.test — this report.`,
    figure("tune-trials", [perTrial], `${r.objective} on split.valid for each trial (failed trials have no bar).`) +
      figure("tune-parameters", perParam, `The best ${r.objective} on split.valid among the trials with each value of each parameter.`) +
      htmlTable([`${r.stage} metric`, "pipeline as written (valid)", `best, trial ${r.best.n} (valid)`, r.objectiveOnTest === false ? "best, final run (the stage's own figures)" : "best (test)"], rows, "tune-metrics"),
  );
}

/** Adds the section to a run directory's report.html, before its end. @example await addTuningSection("runs/ml/best", report) */
export async function addTuningSection(runDir: string, r: TuningReport): Promise<void> {
  const at = join(runDir, "report.html");
  const html = readFileSync(at, "utf8");
  await writeFileAtomic(at, html.replace("</body>", `${tuningSection(r)}\n</body>`));
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * The search's own page, `<root>/report.html`: the Tuning section under the head (styles) of the
 * best run's report, with links to that report and to the trials' run directories.
 * @example await writeSearchReport("runs/ml", "runs/ml/best", "movielens-recbole-tune-itemcf", report)
 */
export async function writeSearchReport(root: string, bestDir: string, name: string, r: TuningReport): Promise<void> {
  const best = readFileSync(join(bestDir, "report.html"), "utf8");
  const head = best.slice(0, best.indexOf("<body>")).replace(/<title>[^<]*<\/title>/, `<title>Shortlist tune: ${escape(name)}</title>`);
  const links = `<p>The chosen configuration's run on split.test: <a href="best/report.html">best/report.html</a>. Every trial's run directory: <code>trials/&lt;n&gt;/</code> (its own report.html, log.txt, trial.json); all trials: <code>trials.parquet</code>; the choice: <code>tune.json</code>.</p>`;
  await writeFileAtomic(join(root, "report.html"), `${head}<body><h1>Shortlist tune: ${escape(name)}</h1>${links}\n${tuningSection(r)}\n</body></html>`);
}
