/**
 * How a reader reads a published key. Two round trips, any client:
 *   v = GET {prefix}current        →  "7"
 *   GET {prefix}v7:USER:42         (or MGET of many keys, all under v7)
 * Every key read under one version belongs to one publication; an older version stays readable
 * for retireDelayMs after the switch, so a reader that resolved the pointer just before it still
 * finds its keys (a reader slower than that sees nil and resolves the pointer again).
 * Or one round trip with this script (standalone Redis; it reads a key it does not declare, which
 * Redis Cluster forbids).
 */
import type Redis from "ioredis";
import { pointerKey } from "./key-layout.ts";

export const READ_CURRENT_SCRIPT =
  "local v = redis.call('GET', KEYS[1]) if not v then return false end return redis.call('GET', ARGV[1] .. 'v' .. v .. ':' .. ARGV[2])";

/**
 * The value of `key` in the current publication, or null.
 * @example JSON.parse(await readCurrent(redis, "shortlist:", "USER:42")) // { user_id: 42, recommendations: [...] }
 */
export async function readCurrent(redis: Redis, prefix: string, key: string): Promise<string | null> {
  return (await redis.eval(READ_CURRENT_SCRIPT, 1, pointerKey(prefix), prefix, key)) as string | null;
}
