/**
 * `shortlist compare <run> <run>… | <run-dir> [--last N]  [--json]`: runs from history.jsonl side
 * by side. Its own small argument parser (node:util's) keeps this command out of cli.ts's.
 */
import { parseArgs } from "node:util";
import { UserError } from "../errors.ts";
import { compareRuns } from "./compare-runs.ts";
import { formatComparison } from "./format-comparison.ts";
import { resolveRuns } from "./run-refs.ts";

export const COMPARE_USAGE = `usage:
  shortlist compare <run> <run>...      e.g. shortlist compare runs/a runs/b, or runs/a@1 runs/a@-1
  shortlist compare <run-dir> [--last N] its last N runs (default 2)
  <run> is a run directory (its latest run) or DIR@N (its N-th run: 1 the oldest, -1 the latest)
  --json   the comparison as JSON`;

/** @example await compareCommand(["runs/movielens", "--last", "3"], process.stdout) */
export async function compareCommand(argv: string[], out: { write(s: string): unknown }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { last: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    throw new UserError(`compare: ${e instanceof Error ? e.message : String(e)}\n${COMPARE_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(COMPARE_USAGE + "\n");
    return 0;
  }
  if (!positionals.length) throw new UserError(`compare needs a run directory\n${COMPARE_USAGE}`);
  let last: number | undefined;
  if (values.last !== undefined) {
    last = Number(values.last);
    if (!Number.isInteger(last) || last < 2) throw new UserError(`--last ${values.last}: expected a whole number of runs, 2 or more`);
  }
  const runs = resolveRuns(positionals, last);
  const comparison = compareRuns(runs.map((r) => r.entry));
  if (values.json) {
    const info = runs.map((r) => ({ ref: r.ref, id: r.entry.id, startedAt: r.entry.startedAt, status: r.entry.status, seconds: r.entry.seconds }));
    out.write(JSON.stringify({ runs: info, ...comparison }, (_, v) => (v === undefined ? null : v), 1) + "\n");
  } else out.write(formatComparison(runs, comparison) + "\n");
  return 0;
}
