/**
 * Set-up of the sharded sink.redis tests: a pipeline that publishes the seeded fixture tables
 * (tables-plugin.ts), runs of it with and without workers, and a dump of every key under a prefix
 * (type, value, whether it has a TTL) to compare two publications' end states.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type Redis from "ioredis";
import { runPipeline, type RunResult } from "@shortlist/runner/host";

export const TABLES_PLUGIN = join(import.meta.dir, "tables-plugin.ts");
export const ARTIFACTS = ["recs.a", "i2i.b", "features.user"];

let files = 0;

/**
 * Writes a pipeline file: the fixture tables (seeded by `seed`), then sink.redis with `sink` options.
 * @example const file = sinkPipeline(dir, 1, 500, { url, prefix: "one:", artifacts: ARTIFACTS })
 */
export function sinkPipeline(dir: string, seed: number, users: number, sink: Record<string, unknown>): string {
  const file = join(dir, `pipeline-${++files}.yaml`);
  const plugins = JSON.stringify(["@shortlist/plugin-sinks", TABLES_PLUGIN]);
  // JSON is YAML flow syntax: the options go in as they are
  writeFileSync(file, `name: sharded-sink\nseed: ${seed}\nbackend: cpu\nplugins: ${plugins}\nstages:\n  - use: fixture.sink-tables\n    with: { users: ${users}, items: 90 }\n  - use: sink.redis\n    with: ${JSON.stringify(sink)}\n`);
  return file;
}

/**
 * Runs a pipeline in a fresh run folder, through workers on `queue` (with a fresh store) when given;
 * the stages' log lines go to `logs`.
 * @example const r = await runSinkPipeline(file, { queue: redis.url, shards: 4 })
 */
export function runSinkPipeline(file: string, o: { queue?: string; shards?: number; logs?: string[]; store?: string } = {}): Promise<RunResult> {
  const out = join(dirname(file), `run-${Math.random().toString(36).slice(2)}`);
  const cluster = o.queue ? { queue: o.queue, store: o.store ?? mkdtempSync(join(tmpdir(), "sink-store-")), shards: o.shards ?? 4 } : {};
  const logs = o.logs ?? [];
  return runPipeline({ file, out, stderr: { write: (s: string) => logs.push(s) }, stdout: { write: () => true }, allowPluginPaths: [dirname(TABLES_PLUGIN)], ...cluster });
}

/** Every key under `prefix` (prefix removed) with its type, value and whether it expires. */
export async function dumpPrefix(c: Redis, prefix: string): Promise<Record<string, { type: string; value: unknown; ttl: string }>> {
  const out: Record<string, { type: string; value: unknown; ttl: string }> = {};
  let cursor = "0";
  do {
    const [next, keys] = await c.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    for (const k of keys) {
      const type = await c.type(k);
      const value = type === "string" ? await c.get(k) : type === "hash" ? await c.hgetall(k) : type === "set" ? (await c.smembers(k)).sort() : `<${type}>`;
      const ttl = await c.ttl(k);
      // The seconds left differ by when each key was written; that a TTL is set, and its bound, do not.
      out[k.slice(prefix.length)] = { type, value, ttl: ttl === -1 ? "none" : ttl > 0 ? "set" : String(ttl) };
    }
  } while (cursor !== "0");
  return out;
}
