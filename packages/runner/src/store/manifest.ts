/**
 * manifest.json: what each stage produced, from which inputs and options, with content hashes.
 * A stage is skipped on rerun when its fingerprint (plugin, version, options, seed, input hashes)
 * matches and its outputs are still on disk with the recorded sizes.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ArtifactKind } from "../artifacts.ts";
import { writeFileAtomic } from "./atomic.ts";
import { hashBytes } from "./codec.ts";

export interface ArtifactRecord {
  file: string; // relative to the run directory
  kind: ArtifactKind;
  hash: string;
  bytes: number;
}

export interface StageRecord {
  use: string;
  plugin: string;
  version: string;
  fingerprint: string;
  options: unknown;
  inputs: Record<string, string>; // artifact → hash
  outputs: Record<string, ArtifactRecord>;
  metrics: Record<string, number>;
  seconds: number;
  finishedAt: string;
}

export interface Manifest {
  pipeline: string;
  runner: string;
  stages: Record<string, StageRecord>;
}

export function readManifest(runDir: string, pipeline: string, runner: string): Manifest {
  const p = join(runDir, "manifest.json");
  if (!existsSync(p)) return { pipeline, runner, stages: {} };
  try {
    const m = JSON.parse(readFileSync(p, "utf8")) as Manifest;
    return { pipeline, runner, stages: m.stages ?? {} };
  } catch {
    return { pipeline, runner, stages: {} }; // unreadable manifest: rerun everything
  }
}

export async function writeManifest(runDir: string, m: Manifest): Promise<void> {
  await writeFileAtomic(join(runDir, "manifest.json"), JSON.stringify(m, null, 1));
}

/** Canonical JSON (sorted keys) so equal options always hash equally. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

export function fingerprint(parts: { plugin: string; version: string; use: string; options: unknown; seed: number; inputs: Record<string, string> }): string {
  return hashBytes(canonical(parts));
}

/** True when every recorded output still exists with its recorded size. */
export function outputsIntact(runDir: string, rec: StageRecord): boolean {
  return Object.values(rec.outputs).every((o) => {
    const p = join(runDir, o.file);
    return existsSync(p) && statSync(p).size === o.bytes;
  });
}
