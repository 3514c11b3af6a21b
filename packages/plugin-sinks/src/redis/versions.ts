/**
 * Versions and the pointer. Each run allocates a version N, writes its keys under
 * `{prefix}v{N}:`, and publishes by setting `{prefix}current` to N in one atomic script that
 * refuses to go backwards (a slower, older run never replaces a newer one). Older versions are
 * then deleted with SCAN + UNLINK, after a grace period for readers that resolved the old pointer.
 */
import type Redis from "ioredis";
import { globEscape, namespaceOf, pointerKey, seqKey, versionsKey } from "./key-layout.ts";

// A restart without persistence resets `seq` but not a reader's view of `current`: never hand out
// a version at or below the published one.
const ALLOCATE = `
local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
local n = redis.call('INCR', KEYS[1])
if n <= cur then n = cur + 1; redis.call('SET', KEYS[1], n) end
redis.call('SADD', KEYS[3], n)
return n`;

const SWITCH = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = tonumber(ARGV[1])
if cur >= n then return {0, cur} end
redis.call('SET', KEYS[1], ARGV[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') < n then redis.call('SET', KEYS[2], ARGV[1]) end
redis.call('SADD', KEYS[3], ARGV[1])
return {1, cur}`;

/** Hands out the next version number and records it as possibly holding keys. @example await allocateVersion(redis, "app:") // 8 */
export async function allocateVersion(redis: Redis, prefix: string): Promise<number> {
  return Number(await redis.eval(ALLOCATE, 3, seqKey(prefix), pointerKey(prefix), versionsKey(prefix)));
}

export interface SwitchResult {
  switched: boolean;
  /** The version `current` held before (0 when none). */
  previous: number;
}

/** Points `{prefix}current` at `version` unless it already holds a newer one. */
export async function switchPointer(redis: Redis, prefix: string, version: number): Promise<SwitchResult> {
  const [ok, prev] = (await redis.eval(SWITCH, 3, pointerKey(prefix), seqKey(prefix), versionsKey(prefix), String(version))) as [number, number];
  return { switched: ok === 1, previous: Number(prev) };
}

/**
 * Deletes every key under a namespace with SCAN + UNLINK (never KEYS, which blocks the server).
 * @example await deleteNamespace(redis, "app:v7:") // 1000000
 */
export async function deleteNamespace(redis: Redis, namespace: string, count = 1000): Promise<number> {
  const match = `${globEscape(namespace)}*`;
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", match, "COUNT", count);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}

/**
 * Deletes the keys of recorded versions up to `upTo` (newer ones belong to a run still writing)
 * and forgets them. Returns the versions removed and their key count.
 * @example await retireVersions(redis, "app:", published - 1)
 */
export async function retireVersions(redis: Redis, prefix: string, upTo: number): Promise<{ versions: number[]; keys: number }> {
  const members = (await redis.smembers(versionsKey(prefix))).map(Number).filter((v) => v <= upTo);
  let keys = 0;
  for (const v of members.sort((a, b) => a - b)) {
    keys += await deleteNamespace(redis, namespaceOf(prefix, v));
    await redis.srem(versionsKey(prefix), String(v));
  }
  return { versions: members, keys };
}
