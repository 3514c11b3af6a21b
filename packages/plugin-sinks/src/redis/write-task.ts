/**
 * sink.redis's shard task, "redis-write": one worker writes units [from, to) of a publication's
 * keys (numbered family by family, as writeFamilies numbers them) into the version the coordinator
 * allocated, through its own connection, and checks them there (ensurePresent) before it reports,
 * so a range that completes is present. The input frame carries the artifacts' tables, the key
 * templates, the namespace, the serialisable part of the write plan and the target URL — with its
 * password: the frame lives in the shared store (removed when the call ends), never in the BullMQ
 * job data, which holds only the store key. A retried job writes the same values again: every
 * command is a whole-value write (see write-commands.ts), so it ends in the same state.
 */
import { defineTask, table, type Frame, type Table } from "@shortlist/runner";
import { familyOf } from "../artifact-names.ts";
import { listColumns } from "../ranked-lists.ts";
import type { RetryPolicy } from "../retry.ts";
import { tableArrays, tableFrom, type TableLayout } from "../table-frame.ts";
import { keyFamily, type KeyFamily, type KeyTemplates } from "./key-families.ts";
import { openConnection, parseRedisUrl } from "./redis-connection.ts";
import { explainFailure, isOutOfMemory } from "./redis-faults.ts";
import { serverId } from "./server-identity.ts";
import type { WriteMode } from "./write-commands.ts";
import { writeFamilies, type WritePlan, type WriteStats } from "./write-families.ts";

/** The frame's meta: everything but the tables' arrays. */
export interface WriteInput {
  url: string;
  namespace: string;
  templates: KeyTemplates;
  /** The artifacts in the order the coordinator numbered their keys, each with its table's layout. */
  sources: { artifact: string; layout: TableLayout }[];
  plan: { batchSize: number; concurrency: number; verifyAlways: boolean; retry: RetryPolicy; mode: WriteMode };
  connect: { reconnectAttempts: number; timeoutMs: number };
}

/** The stats a shard reports, in this order (a Float64Array: counts stay exact to 2^53). */
const FIELDS = ["keys", "rows", "retries", "verifyPasses", "rewritten"] as const;
export type ShardStats = Pick<WriteStats, (typeof FIELDS)[number]>;

/**
 * What of a table the workers need: all of a feature table (every column is a field), only the
 * key, member and score columns of a list table (a ranker's extra columns are not written). The
 * table was read once by keyFamily already, so the columns are there.
 */
function sent(artifact: string, t: Table): Table {
  const kind = familyOf(artifact).kind;
  if (kind !== "recs" && kind !== "i2i") return t;
  return table(Object.fromEntries(listColumns(artifact).map((c) => [c, t.columns[c]!])));
}

/**
 * The input frame of a sharded write: the tables under their artifact names, the rest in meta.
 * @example const input = writeInputFrame({ url, namespace: "app:v3:", templates, plan, connect }, [{ artifact: "recs.a", table: recs }])
 */
export function writeInputFrame(meta: Omit<WriteInput, "sources">, tables: { artifact: string; table: Table }[]): Frame {
  const arrays: Frame["arrays"] = {};
  const sources: WriteInput["sources"] = [];
  for (const { artifact, table } of tables) {
    const t = tableArrays(artifact, sent(artifact, table));
    Object.assign(arrays, t.arrays);
    sources.push({ artifact, layout: t.layout });
  }
  return { meta: { ...meta, sources } as never, arrays };
}

/** @example statsOf(merged) // { keys: 1000, rows: 20000, retries: 0, verifyPasses: 0, rewritten: 0 } */
export function statsOf(f: Frame): ShardStats {
  const a = f.arrays.stats;
  if (!(a instanceof Float64Array) || a.length !== FIELDS.length) throw new Error(`redis-write returned no stats (arrays: ${Object.keys(f.arrays).join(", ")})`);
  return Object.fromEntries(FIELDS.map((k, i) => [k, a[i]!])) as ShardStats;
}

/** The run_ids of the servers the shards wrote to ("" where INFO is refused); see server-identity.ts. */
export function serversOf(f: Frame): string[] {
  return (f.meta as { servers?: string[] } | null)?.servers ?? [];
}

const statsFrame = (s: ShardStats, server: string): Frame => ({ meta: { servers: [server] }, arrays: { stats: Float64Array.from(FIELDS, (k) => s[k]) } });

// A worker hands every shard of one call the same decoded input: build its families once.
const built = new WeakMap<Frame, KeyFamily[]>();
function familiesOf(input: Frame, m: WriteInput): KeyFamily[] {
  let families = built.get(input);
  if (!families) built.set(input, (families = m.sources.map((s) => keyFamily(s.artifact, tableFrom(input, s.artifact, s.layout), m.templates))));
  return families;
}

export const redisWriteTask = defineTask({
  async run(input, range, env) {
    const m = input.meta as unknown as WriteInput;
    const families = familiesOf(input, m);
    const target = parseRedisUrl(m.url);
    const plan: WritePlan = { ...m.plan, signal: env.signal, progress: (done) => env.progress(done) };
    // The coordinator checked the server and its database (checkReachable) before allocating the
    // version; here a server that is away is retried like a dropped connection, and a shard that
    // cannot get through at all fails as an internal error, which BullMQ retries (maybe elsewhere).
    const conn = await openConnection(target, { reconnectAttempts: m.connect.reconnectAttempts, timeoutMs: m.connect.timeoutMs, retry: m.plan.retry });
    try {
      const { epoch: _, ...stats } = await writeFamilies(conn, families, m.namespace, plan, range);
      return statsFrame(stats, await serverId(conn.redis));
    } catch (e) {
      // An out-of-memory server is the user's to fix: a UserError, never retried. Lost connections
      // stay internal errors (retried as jobs); the coordinator explains them if every attempt fails.
      throw isOutOfMemory(e) ? explainFailure(e, target.display) : e;
    } finally {
      await conn.close();
    }
  },
  merge(parts) {
    const sum = new Float64Array(FIELDS.length);
    for (const p of parts) {
      const s = statsOf(p);
      FIELDS.forEach((k, i) => void (sum[i] = sum[i]! + s[k]));
    }
    return { meta: { servers: [...new Set(parts.flatMap(serversOf))] }, arrays: { stats: sum } };
  },
});
