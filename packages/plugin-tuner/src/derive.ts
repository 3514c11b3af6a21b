/**
 * Trials that need a stage the search cache holds only at options that cover it: a stage whose
 * definition has `derive` (see @shortlist/runner's stage-derive.ts; recall.itemcf and recall.swing
 * cut top-N neighbour lists) gets its outputs from a cached result with the same plugin, version,
 * seed and input hashes whose options cover the trial's, instead of running. The outputs are
 * written into the trial's `artifacts/` and recorded in its manifest under the fingerprint the
 * runner computes for the trial's own options, so the runner finds the stage done and everything
 * downstream runs on them as on computed ones.
 *
 * Sources come from the worker's decoded artifacts (artifact-lru.ts) when it holds them — it
 * usually computed the covering result itself — since decoding ML-100K's 1.7-million-row top-1600
 * table costs about what computing it does; the derived outputs go there too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { Artifact } from "@shortlist/runner";
import { decodeArtifact, encodeArtifact, fileNameFor, fingerprint, hashBytes, writeFileAtomic, type ArtifactRecord, type PlannedStage, type StageRecord } from "@shortlist/runner/host";

/** A cached output, from `decoded` (by sha256) or read and decoded into it. */
async function cachedArtifact(cacheDir: string, rec: ArtifactRecord, decoded: Map<string, Artifact>): Promise<Artifact> {
  const hit = decoded.get(rec.hash);
  if (hit) return hit;
  const a = await decodeArtifact(rec.kind, new Uint8Array(readFileSync(join(cacheDir, "objects", `${rec.hash}${extname(rec.file)}`))), rec.file);
  decoded.set(rec.hash, a);
  return a;
}

const sameInputs = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * The cached stage results `st` can be derived from (same plugin, version, seed and input hashes,
 * options covering st's), smallest first. A record whose fingerprint does not recompute from its
 * own options with this seed (another seed, or options recorded redacted) is never a source.
 * @example coveringRecords(st, "runs/ml/cache", inputs, 42)[0]?.options // { neighbours: 1600, … }
 */
export function coveringRecords(st: PlannedStage, cacheDir: string, inputs: Record<string, string>, seed: number): StageRecord[] {
  const dir = join(cacheDir, "stages");
  if (!st.def.derive || !existsSync(dir)) return [];
  const found: StageRecord[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".json")) continue;
    const rec = JSON.parse(readFileSync(join(dir, f), "utf8")) as StageRecord;
    if (rec.use !== st.config.use || rec.plugin !== st.plugin.name || rec.version !== st.plugin.version || !sameInputs(rec.inputs, inputs)) continue;
    if (fingerprint({ plugin: rec.plugin, version: rec.version, use: rec.use, options: rec.options, seed, inputs: rec.inputs }) !== rec.fingerprint) continue;
    if (!Object.values(rec.outputs).every((o) => existsSync(join(cacheDir, "objects", `${o.hash}${extname(o.file)}`)))) continue;
    if (st.def.derive.covers(rec.options, st.options)) found.push(rec);
  }
  const size = (r: StageRecord) => Object.values(r.outputs).reduce((n, o) => n + o.bytes, 0);
  return found.sort((a, b) => size(a) - size(b));
}

/**
 * Derives `st`'s outputs from a covering cached result into `runDir`, returning the manifest
 * record and the source's record (undefined when the cache holds none that covers it); the
 * derived artifacts are added to `decoded` by sha256.
 * @example const d = await deriveStage(st, "runs/ml/cache", "runs/ml/trials/3", inputs, 42)
 */
export async function deriveStage(st: PlannedStage, cacheDir: string, runDir: string, inputs: Record<string, string>, seed: number, decoded: Map<string, Artifact> = new Map()): Promise<{ record: StageRecord; from: StageRecord } | undefined> {
  const from = coveringRecords(st, cacheDir, inputs, seed)[0];
  if (!from || !st.def.derive) return undefined;
  const t0 = performance.now();
  // the record holds actual artifact names; derive speaks the names the stage declares
  const renamed = new Map([...st.outputs].map(([declared, actual]) => [actual, declared]));
  const cached: Record<string, Artifact> = {};
  for (const [actual, rec] of Object.entries(from.outputs)) cached[renamed.get(actual) ?? actual] = await cachedArtifact(cacheDir, rec, decoded);
  const derived = st.def.derive.derive(cached, from.options, st.options);
  const outputs: Record<string, ArtifactRecord> = {};
  for (const [declared, actual] of st.outputs) {
    const artifact = derived[declared];
    if (!artifact) return undefined; // a derive that does not give every output: run the stage
    const file = join("artifacts", fileNameFor(actual, artifact));
    const bytes = encodeArtifact(artifact);
    await writeFileAtomic(join(runDir, file), bytes);
    outputs[actual] = { file, kind: artifact.kind, hash: hashBytes(bytes), bytes: bytes.byteLength };
    decoded.set(outputs[actual].hash, artifact); // so the run need not decode what was just encoded
  }
  const fp = fingerprint({ plugin: st.plugin.name, version: st.plugin.version, use: st.config.use, options: st.options, seed, inputs });
  const record: StageRecord = { use: st.config.use, plugin: st.plugin.name, version: st.plugin.version, fingerprint: fp, options: st.options, inputs, outputs, metrics: {}, seconds: (performance.now() - t0) / 1000, finishedAt: new Date().toISOString() };
  return { record, from };
}
