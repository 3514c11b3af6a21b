import { z } from "zod";
import { secret } from "@shortlist/runner";
import { DEFAULT_ARTIFACTS } from "../artifact-names.ts";

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Options of sink.redis: the only place they are documented (`shortlist plugins` prints them). */
export const redisOptions = z.object({
  // secret: manifest.json records it without the user and password
  url: secret(z.string().default("redis://127.0.0.1:6379/0")
    .describe("Redis URL: redis://[user:password@]host[:port][/db], rediss:// for TLS. Checked (and PINGed) before any work")),
  artifacts: z.array(z.string()).default([...DEFAULT_ARTIFACTS.lists, ...DEFAULT_ARTIFACTS.features])
    .describe('Artifacts to publish: recs.<algo>, i2i.<algo>, features.<entity>; a trailing "?" skips one no earlier stage produced'),
  prefix: z.string().default("shortlist:")
    .describe("Prefix of every key: the pointer is {prefix}current, a version's keys are {prefix}v{N}:<key>"),
  userKey: z.string().default("USER:{id}")
    .describe('Key of a user\'s recommendations (JSON {"user_id", "recommendations": [item ids]}); may use {algo}'),
  i2iKey: z.string().default("I2I:{algo}:{id}")
    .describe('Key of an item\'s neighbours (JSON [{"item_id", "score"}] in rank order)'),
  featureKey: z.string().default("FEATURES:{table}:{id}")
    .describe("Key of a feature row (a hash of its columns); {table} is the entity of features.<entity>"),
  publish: z.enum(["pointer", "rename"]).default("pointer")
    .describe("pointer: write {prefix}v{N}:*, then switch {prefix}current to N atomically (readers see all-old or all-new). rename: rename staged keys over plain names (per-key atomic only)"),
  json: z.enum(["auto", "redisjson", "string"]).default("auto")
    .describe("auto: JSON.SET when the server has RedisJSON, else strings; redisjson: require it; string: always strings"),
  ttlSeconds: int(0, 2 ** 31 - 1).default(0).describe("Time to live of each written key in seconds; 0 for none"),
  batchSize: int(1, 100_000).default(1000).describe("Keys per batch (one MSET, or one pipeline of per-key commands)"),
  concurrency: int(1, 64).default(4).describe("Batches in flight at once"),
  retries: int(0, 100).default(10).describe("Retries of a batch whose connection dropped, with exponential backoff"),
  retryBaseMs: int(1, 60_000).default(100).describe("First retry delay; doubles per retry up to retryMaxMs"),
  retryMaxMs: int(1, 600_000).default(5000).describe("Longest delay between retries"),
  reconnectAttempts: int(0, 1000).default(20).describe("Reconnection attempts after a drop before the write gives up"),
  connectTimeoutMs: int(100, 600_000).default(3000).describe("Connect and PING timeout, for the check before work and each reconnection"),
  retireDelayMs: int(0, 3_600_000).default(2000)
    .describe("After the switch, how long the previous version stays for readers that resolved the old pointer before it is deleted"),
  verify: z.enum(["after-reconnect", "always"]).default("after-reconnect")
    .describe("When to check every key with EXISTS (rewriting missing ones): after any reconnection during the write, or always"),
});

export type RedisOptions = z.output<typeof redisOptions>;
