/**
 * sink.redis's `verifyPublished`: the run is reused only while Redis still serves what it
 * published — the pointer still names its version and that version still holds every key. A
 * flushed database, a restart without persistence, expired keys or a newer publication all make
 * the sink publish again.
 */
import Redis from "ioredis";
import type { StageContext } from "@shortlist/runner";
import { globEscape, namespaceOf, pointerKey } from "./key-layout.ts";
import type { RedisOptions } from "./redis-options.ts";

/** What a publication recorded (ctx.recordPublished) for the next run to check. */
export interface RedisReceipt {
  prefix: string;
  version: number;
  keys: number;
  publish: RedisOptions["publish"];
}

/** Counts the keys under `namespace` with SCAN (never KEYS, which blocks the server). */
async function countKeys(redis: Redis, namespace: string): Promise<number> {
  let cursor = "0";
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${globEscape(namespace)}*`, "COUNT", 10_000);
    cursor = next;
    n += keys.length;
  } while (cursor !== "0");
  return n;
}

/**
 * True when the publication in `receipt` is still current and complete, else why not.
 * @example await verifyRedisPublished(ctx, options, { prefix: "shortlist:", version: 7, keys: 943, publish: "pointer" })
 */
export async function verifyRedisPublished(_ctx: StageContext, o: RedisOptions, receipt: unknown): Promise<true | string> {
  const r = receipt as Partial<RedisReceipt> | undefined;
  if (!r || typeof r.version !== "number" || typeof r.keys !== "number") return "no record of an earlier publication";
  // Renamed keys carry no version to check them by.
  if (r.publish !== "pointer" || o.publish !== "pointer") return "publish: rename cannot be checked afterwards";
  const redis = new Redis(o.url, {
    lazyConnect: true, connectTimeout: o.connectTimeoutMs, commandTimeout: o.connectTimeoutMs,
    retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false,
  });
  redis.on("error", () => {}); // a failure rejects the command below; the caller reruns the sink
  try {
    await redis.connect();
    const current = await redis.get(pointerKey(o.prefix));
    if (current !== String(r.version)) return `${pointerKey(o.prefix)} is ${current ?? "unset"}, not version ${r.version} that this stage published`;
    const present = await countKeys(redis, namespaceOf(o.prefix, r.version));
    if (present !== r.keys) return `version ${r.version} holds ${present} of the ${r.keys} keys published`;
    return true;
  } finally {
    redis.disconnect();
  }
}
