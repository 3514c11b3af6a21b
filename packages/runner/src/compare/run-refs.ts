/**
 * What `shortlist compare` is given, turned into history entries: a run directory (its latest run),
 * `DIR@N` (its N-th run, 1 = the oldest, -1 = the latest), or one directory with `--last N`.
 */
import { UserError } from "../errors.ts";
import { HISTORY_FILE, readHistory, type HistoryEntry } from "../store/history.ts";

export interface ComparedRun {
  /** How the run is named in the output: `runs/movielens@3`. */
  ref: string;
  entry: HistoryEntry;
}

/** `runs/x@-2` → { dir: "runs/x", index: -2 }; a plain directory has no index. */
function parseRef(ref: string): { dir: string; index?: number } {
  const m = /^(.+)@(-?\d+)$/.exec(ref);
  return m ? { dir: m[1]!, index: Number(m[2]) } : { dir: ref };
}

function pick(dir: string, runs: HistoryEntry[], index: number): ComparedRun {
  const i = index > 0 ? index - 1 : runs.length + index;
  if (index === 0 || i < 0 || i >= runs.length) {
    throw new UserError(`${dir}@${index}: ${dir}/${HISTORY_FILE} holds ${runs.length} run(s)\n  fix: use @1 (the oldest) to @${runs.length}, or @-1 for the latest`);
  }
  return { ref: `${dir}@${i + 1}`, entry: runs[i]! };
}

/**
 * @example resolveRuns(["runs/a", "runs/b"])        // the latest run of each
 * @example resolveRuns(["runs/a@1", "runs/a@-1"])   // the first and the latest run of runs/a
 * @example resolveRuns(["runs/a"], 5)               // its last five runs
 */
export function resolveRuns(refs: string[], last?: number): ComparedRun[] {
  if (last !== undefined || refs.length === 1) {
    if (refs.length !== 1 || parseRef(refs[0]!).index !== undefined) {
      throw new UserError(`${last !== undefined ? "--last" : "compare"} takes one run directory (without @N)\n  e.g. shortlist compare runs/movielens --last 3`);
    }
    const dir = refs[0]!;
    const runs = readHistory(dir);
    const n = last ?? 2;
    if (runs.length < 2) throw new UserError(`${dir}/${HISTORY_FILE} holds ${runs.length} run; there is nothing to compare it with yet\n  fix: run the pipeline again, or compare with another run directory`);
    return runs.slice(-n).map((entry, k) => ({ ref: `${dir}@${runs.length - Math.min(n, runs.length) + k + 1}`, entry }));
  }
  const histories = new Map<string, HistoryEntry[]>();
  return refs.map((ref) => {
    const { dir, index } = parseRef(ref);
    if (!histories.has(dir)) histories.set(dir, readHistory(dir));
    return pick(dir, histories.get(dir)!, index ?? -1);
  });
}
