/**
 * manifest.json: what each stage produced, from which inputs and options, with content hashes.
 * A stage is skipped on rerun when its fingerprint (plugin, version, options, seed, input hashes)
 * matches and its outputs are still on disk with the recorded sizes and sha256 (verify-outputs.ts).
 * Secrets never reach the file: options are recorded redacted (secret-options.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ArtifactKind } from "../artifacts.ts";
import { writeFileAtomic } from "./atomic.ts";
import { hashBytes } from "./codec.ts";
import { redactDeep } from "../secret-options.ts";

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
  /** What a sink wrote outside the run directory (ctx.recordPublished), for its verifyPublished. */
  published?: unknown;
  metrics: Record<string, number>;
  seconds: number;
  /** Peak RSS in bytes while the stage ran (stage-memory.ts); absent in records of older runners. */
  peakRss?: number;
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
  // Records are redacted when made; this also scrubs URL passwords a record from an older runner kept.
  await writeFileAtomic(join(runDir, "manifest.json"), JSON.stringify(redactDeep(m), null, 1));
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
