/**
 * The Redis sink's hand-written RESP encoder against ioredis encoding the same commands itself,
 * with the same batching: batches of 1,000 keys, 4 in flight, into an empty server. Three ways to
 * send one batch of recommendation lists:
 *
 *  - "hand-encoded RESP (sink.redis)": the sink's own path, `encodeWrites` + `sendEncoded`
 *  - "ioredis, Buffer arguments": keys and values written as bytes by the sink's key families,
 *    framed into RESP by ioredis (what dropping only the RESP framing would give)
 *  - "ioredis, string arguments": keys and values built as JavaScript strings, framed by ioredis
 *    (what a sink without any encoder would do)
 *
 * in the two shapes the sink sends: no TTL (one `MSET` per batch) and a TTL (a pipeline of
 * `SET key value EX ttl` per batch). All three store byte-identical values (checked). Sides
 * alternate run by run, so a change of load on a shared machine weighs on all alike.
 */
import Redis, { type Pipeline } from "ioredis";
import type { Table } from "@shortlist/runner";
import { batchRanges, runBounded } from "../../packages/plugin-sinks/src/batches.ts";
import { rankedLists } from "../../packages/plugin-sinks/src/ranked-lists.ts";
import { ByteBuffer } from "../../packages/plugin-sinks/src/redis/byte-buffer.ts";
import { keyFamily, type JsonFamily } from "../../packages/plugin-sinks/src/redis/key-families.ts";
import { RespWriter } from "../../packages/plugin-sinks/src/redis/resp.ts";
import { sendEncoded } from "../../packages/plugin-sinks/src/redis/send-commands.ts";
import { encodeWrites, type WriteMode } from "../../packages/plugin-sinks/src/redis/write-commands.ts";
import { median } from "./measure.ts";

const BATCH = 1_000;
const IN_FLIGHT = 4;
const NS = "bench:v1:";

type SendBatch = (from: number, to: number) => Promise<unknown>;

export interface EncoderRow {
  shape: string;
  way: string;
  /** Keys per second from first batch to last reply, median of the runs. */
  keysPerS: number;
  /** This process's CPU (user + system) per key, µs: what the encoder is meant to save. */
  clientUsPerKey: number;
}

/** Sends key families' batches the three ways (see the module comment). */
function senders(redis: Redis, recs: Table, mode: WriteMode): Record<string, SendBatch> {
  const fam = keyFamily("recs.bench", recs, { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "F:{table}:{id}" }) as JsonFamily;
  const lists = rankedLists(recs, "recs.bench");
  const nsBytes = new TextEncoder().encode(NS);
  const w = new RespWriter();
  const buf = new ByteBuffer(1 << 10);
  const bytesOf = (fill: (b: ByteBuffer) => void): Buffer => (fill(buf.reset()), Buffer.from(buf.view()));
  const keyBytes = (g: number) => bytesOf((b) => fam.writeKey(b.raw(nsBytes), g));
  const valueBytes = (g: number) => bytesOf((b) => fam.writeValue(b, g));
  const keyText = (g: number) => `${NS}USER:${lists.keys[g]}`;
  const ids = lists.ids as Int32Array; // recsTable's items
  const valueText = (g: number) => `{"user_id":${lists.keys[g]},"recommendations":[${ids.subarray(lists.starts[g]!, lists.starts[g + 1]!).join(",")}]}`;
  const viaIoredis = (key: (g: number) => string | Buffer, value: (g: number) => string | Buffer): SendBatch => async (from, to) => {
    if (mode.ttlSeconds === 0) {
      const args: (string | Buffer)[] = [];
      for (let g = from; g < to; g++) args.push(key(g), value(g));
      return redis.mset(...args);
    }
    const p = redis.pipeline() as unknown as Pipeline & { set(...a: unknown[]): unknown };
    for (let g = from; g < to; g++) p.set(key(g), value(g), "EX", mode.ttlSeconds);
    for (const [err] of (await p.exec()) ?? []) if (err) throw err;
  };
  return {
    "hand-encoded RESP (sink.redis)": (from, to) => sendEncoded(redis, encodeWrites(w, fam, from, to, nsBytes, mode)),
    "ioredis, Buffer arguments": viaIoredis(keyBytes, valueBytes),
    "ioredis, string arguments": viaIoredis(keyText, valueText),
  };
}

/** Writes every key one way; wall seconds and client CPU seconds. */
async function timeWrite(keys: number, send: SendBatch): Promise<{ seconds: number; cpu: number }> {
  const ranges = batchRanges(keys, BATCH);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await runBounded(ranges.length, IN_FLIGHT, (i) => send(...ranges[i]!));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** Fails unless every way stored the same bytes under the same keys (a sample of them). */
async function checkSameValues(redis: Redis, keys: number, ways: [string, SendBatch][]): Promise<void> {
  const sample = Array.from({ length: 50 }, (_, i) => Math.floor((i * keys) / 50));
  let first: string[] | undefined;
  for (const [way, send] of ways) {
    await redis.flushall();
    for (const g of sample) await send(g, g + 1);
    const got = (await redis.mgetBuffer(sample.map((g) => `${NS}USER:${g + 1}`))).map((b) => b?.toString("hex") ?? "missing");
    first ??= got;
    if (got.join() !== first.join()) throw new Error(`${way} stored other values than ${ways[0]![0]}`);
  }
}

/**
 * Measures the three ways in both shapes on `url` (an otherwise idle server; it is flushed).
 * @example const rows = await compareEncoders(server.url, recsTable(50_000, 20), 5);
 */
export async function compareEncoders(url: string, recs: Table, runs: number): Promise<EncoderRow[]> {
  const redis = new Redis(url);
  const keys = rankedLists(recs, "recs.bench").keys.length;
  const rows: EncoderRow[] = [];
  try {
    for (const [shape, mode] of [["MSET per batch (no TTL, the default)", { json: "string", ttlSeconds: 0 }], ["SET … EX per key (ttlSeconds set)", { json: "string", ttlSeconds: 86_400 }]] as const) {
      const ways = Object.entries(senders(redis, recs, mode));
      await checkSameValues(redis, keys, ways);
      const seen = new Map<string, { seconds: number; cpu: number }[]>(ways.map(([way]) => [way, []]));
      for (let r = -1; r < runs; r++) {
        for (const [way, send] of r % 2 === 0 ? ways : [...ways].reverse()) {
          await redis.flushall();
          const t = await timeWrite(keys, send);
          if (r >= 0) seen.get(way)!.push(t); // r = -1: untimed warm-up of every way
        }
      }
      for (const [way, ts] of seen) {
        rows.push({ shape, way, keysPerS: median(ts.map((t) => keys / t.seconds)), clientUsPerKey: median(ts.map((t) => (t.cpu / keys) * 1e6)) });
      }
    }
  } finally {
    await redis.flushall().catch(() => {});
    redis.disconnect();
  }
  return rows;
}
