/** Shared set-up of the cluster tests: a pipeline over the squares fixture, runs with and without workers, and what they leave. */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { parseQueueUrl } from "../connection.ts";

export const SQUARES_PLUGIN = join(import.meta.dir, "squares-plugin.ts");

/** Writes a pipeline file of fixture.squares stages, one per options object given. */
export function squaresPipeline(with_: Record<string, number | string> | Record<string, number | string>[] = {}, seed = 3): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "shortlist-cluster-"));
  const file = join(dir, "squares.yaml");
  const stages = (Array.isArray(with_) ? with_ : [with_]).map((w, i) => `  - use: fixture.squares\n    id: squares-${i}\n    with: ${JSON.stringify(w)}\n`);
  writeFileSync(file, `name: squares\nseed: ${seed}\nbackend: cpu\nplugins: [${JSON.stringify(SQUARES_PLUGIN)}]\nstages:\n${stages.join("")}`);
  return { file, dir };
}

/** The content hash of each artifact in a run's manifest.json. */
export function outputHashes(runDir: string): Record<string, string> {
  const m = JSON.parse(readFileSync(join(runDir, "manifest.json"), "utf8")) as { stages: Record<string, { outputs: Record<string, { hash: string }> }> };
  return Object.fromEntries(Object.values(m.stages).flatMap((s) => Object.entries(s.outputs).map(([k, v]) => [k, v.hash])));
}

/** Every file under `dir` (relative paths), to prove the store kept nothing. */
export function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p, base) : [p.slice(base.length + 1)];
  });
}

/** Jobs of any state still in the queue. */
export async function jobsLeft(queueUrl: string): Promise<number> {
  const a = parseQueueUrl(queueUrl);
  const q = new Queue(a.name, { connection: a.connection });
  try {
    const c = await q.getJobCounts("active", "waiting", "waiting-children", "delayed", "prioritized", "completed", "failed");
    return Object.values(c).reduce((n, v) => n + v, 0);
  } finally {
    await q.close();
  }
}
