/**
 * The search's shared artifact cache, `runs/<name>/cache/`: every stage result any trial computed,
 * keyed by the runner's own stage fingerprint (plugin, version, options, seed, input hashes).
 * `stages/<fingerprint>.json` is the stage's manifest record; `objects/<sha256><ext>` its output
 * files, hard links to the trial's files (a copy where links fail), so the cache costs no disk.
 *
 * Before a trial runs, `seedTrial` walks its plan in order and, for each stage whose fingerprint
 * the cache holds (its inputs being cached too), links the outputs into the trial's `artifacts/` and
 * writes the record into its `manifest.json`. The runner then finds those stages done — it checks
 * fingerprint, size and sha256 as on any rerun — and runs only the stages downstream of what the
 * trial changed. The runner writes a new output to a temporary name and renames it into place, so
 * a rerun stage replaces the trial's link and never writes through it into the cache.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fingerprint, readManifest, writeFileAtomic, type PlannedStage, type StageRecord } from "@shortlist/runner/host";
import type { Artifact } from "@shortlist/runner";
import { deriveStage } from "./derive.ts";

/** Hard-links `from` to `to` (replacing `to`), copying where a link cannot be made. */
function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  if (existsSync(to)) unlinkSync(to);
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

const objectOf = (cacheDir: string, hash: string, file: string) => join(cacheDir, "objects", `${hash}${extname(file)}`);

/**
 * Adds every finished stage of a run directory to the cache (sinks left out: their results live
 * outside the run directory). Returns how many records were new.
 * @example harvest("runs/ml/trials/3", "runs/ml/cache")
 */
export async function harvest(runDir: string, cacheDir: string): Promise<number> {
  const { stages } = readManifest(runDir, "", "");
  let added = 0;
  for (const rec of Object.values(stages)) {
    const at = join(cacheDir, "stages", `${rec.fingerprint}.json`);
    if (rec.published !== undefined || existsSync(at)) continue;
    const files = Object.values(rec.outputs);
    if (!files.every((o) => existsSync(join(runDir, o.file)))) continue;
    for (const o of files) if (!existsSync(objectOf(cacheDir, o.hash, o.file))) linkOrCopy(join(runDir, o.file), objectOf(cacheDir, o.hash, o.file));
    mkdirSync(dirname(at), { recursive: true });
    await writeFileAtomic(at, JSON.stringify(rec));
    added++;
  }
  return added;
}

/**
 * Seeds a trial's run directory with every cached stage of its plan, and with the stages a
 * cached result at covering options derives (derive.ts; through `run.decoded`, the worker's
 * decoded artifacts by sha256, which runPipeline's `decoded` shares); returns the ids seeded.
 * @example await seedTrial("runs/ml/trials/4", "runs/ml/cache", plan, { pipeline: "ml", seed: 42 })
 */
export async function seedTrial(runDir: string, cacheDir: string, plan: PlannedStage[], run: { pipeline: string; seed: number; log?: (line: string) => void; decoded?: Map<string, Artifact> }): Promise<string[]> {
  const manifest = readManifest(runDir, run.pipeline, "");
  const hashes = new Map<string, string>(); // artifact → sha256, for stages seeded so far
  const seeded: string[] = [];
  for (const st of plan) {
    const actual = [...st.inputs.values()];
    if (st.def.kind === "sink" || !actual.every((a) => hashes.has(a))) continue;
    const inputs = Object.fromEntries(actual.map((a) => [a, hashes.get(a)!]));
    const fp = fingerprint({ plugin: st.plugin.name, version: st.plugin.version, use: st.config.use, options: st.options, seed: run.seed, inputs });
    let rec = cachedRecord(cacheDir, fp);
    if (rec) for (const o of Object.values(rec.outputs)) linkOrCopy(objectOf(cacheDir, o.hash, o.file), join(runDir, o.file));
    else if (manifest.stages[st.config.id]?.fingerprint !== fp) {
      // not cached at these options: derived from a cached result at options that cover them?
      const d = await deriveStage(st, cacheDir, runDir, inputs, run.seed, run.decoded);
      if (d) run.log?.(`${st.config.id}: derived from the cached result at ${changedOptions(d.from.options, st.options)} (${d.record.seconds.toFixed(2)}s), not run\n`);
      rec = d?.record;
    }
    if (!rec) continue;
    for (const [name, o] of Object.entries(rec.outputs)) hashes.set(name, o.hash);
    manifest.stages[st.config.id] = rec;
    seeded.push(st.config.id);
  }
  mkdirSync(runDir, { recursive: true });
  await writeFileAtomic(join(runDir, "manifest.json"), JSON.stringify({ ...manifest, stages: manifest.stages }, null, 1));
  return seeded;
}

/** The cache's record for a fingerprint when every output file is there. */
function cachedRecord(cacheDir: string, fp: string): StageRecord | undefined {
  const at = join(cacheDir, "stages", `${fp}.json`);
  if (!existsSync(at)) return undefined;
  const rec = JSON.parse(readFileSync(at, "utf8")) as StageRecord;
  return Object.values(rec.outputs).every((o) => existsSync(objectOf(cacheDir, o.hash, o.file))) ? rec : undefined;
}

/** The options of `from` that differ from `to`, as `key: value` (for the trial's log). */
function changedOptions(from: unknown, to: unknown): string {
  const f = from as Record<string, unknown>;
  const t = to as Record<string, unknown>;
  return Object.keys(f).filter((k) => JSON.stringify(f[k]) !== JSON.stringify(t[k])).map((k) => `${k}: ${JSON.stringify(f[k])}`).join(", ");
}

/** How many stage results the cache holds. @example cachedStages("runs/ml/cache") // 12 */
export function cachedStages(cacheDir: string): number {
  return existsSync(join(cacheDir, "stages")) ? readdirSync(join(cacheDir, "stages")).length : 0;
}
