/**
 * history.jsonl: one JSON line per finished run of a run directory (done, failed or interrupted),
 * so runs can be compared after the manifest has moved on. The format is documented in the runner's
 * README ("Run history"); `format` is bumped on an incompatible change.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { writeFileAtomic } from "./atomic.ts";

export const HISTORY_FILE = "history.jsonl";

export interface HistoryStage {
  id: string;
  use: string;
  plugin: string;
  version: string;
  /** "not run": the run failed or stopped before it, or --only left it out. */
  status: "done" | "cached" | "failed" | "not run";
  /** Wall time of this run's execution of it; a cached stage carries the time it took when it ran. */
  seconds: number | null;
  /** sha256 of the redacted options as canonical JSON: equal hashes, equal options. */
  optionsHash: string;
  /** The options with defaults applied, secrets redacted as in manifest.json. */
  options: unknown;
  /** Non-finite values are written as null (JSON has no NaN). */
  metrics: Record<string, number | null>;
}

export interface HistoryEntry {
  format: 1;
  /** Unique without git: start time and random hex, e.g. "20261207T101500Z-3f9a1c". */
  id: string;
  pipeline: string;
  /** The pipeline file as given on the command line, and the sha256 of its bytes ("" if unreadable). */
  file: string;
  fileSha256: string;
  /** The paths --set overrode (their values are in the stages' options, redacted). */
  sets: string[];
  only: string[];
  fresh: boolean;
  seed: number;
  runner: string;
  bun: string;
  status: "done" | "failed" | "interrupted";
  /** The error's first line, URL passwords removed; only when status is not "done". */
  error?: string;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  stages: HistoryStage[];
}

/**
 * Appends one entry. The file is rewritten through a temporary file and renamed into place, so a
 * reader or a crash sees the old history or the new one, never a torn line; only the run holding
 * run.lock writes it, so no append is lost.
 * @example await appendHistory("runs/movielens", entry)
 */
export async function appendHistory(runDir: string, entry: HistoryEntry): Promise<void> {
  const path = join(runDir, HISTORY_FILE);
  let text = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (text && !text.endsWith("\n")) text += "\n"; // a hand-edited file without its last newline
  await writeFileAtomic(path, text + JSON.stringify(entry) + "\n");
}

/**
 * Every entry of a run directory's history, oldest first; a line that is not an entry is a user
 * error naming the file and line.
 * @example const runs = readHistory("runs/movielens"); runs.at(-1)?.stages
 */
export function readHistory(runDir: string): HistoryEntry[] {
  const path = join(runDir, HISTORY_FILE);
  if (!existsSync(path)) {
    const why = existsSync(runDir) ? `${runDir} has no ${HISTORY_FILE} (it is written by \`shortlist run\` from this version on)` : `${runDir} does not exist`;
    throw new UserError(`${why}\n  fix: give a run directory (runs/<name> or the --out of a run)`);
  }
  const entries: HistoryEntry[] = [];
  readFileSync(path, "utf8").split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let e: Partial<HistoryEntry> | undefined;
    try {
      e = JSON.parse(line) as Partial<HistoryEntry>;
    } catch {}
    if (!e || typeof e !== "object" || e.format !== 1 || !Array.isArray(e.stages)) {
      throw new UserError(`${path}:${i + 1}: not a run history entry (expected a JSON object with "format": 1 and "stages")\n  fix: delete that line`);
    }
    entries.push(e as HistoryEntry);
  });
  return entries;
}
