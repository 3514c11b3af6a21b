/**
 * Connecting to Redis: the URL is checked before anything else, then a throwaway connection PINGs
 * the server with a short timeout, so a wrong URL or a server that is down fails the stage in
 * seconds with a message that says which, before any artifact is read.
 */
import Redis from "ioredis";
import { UserError } from "@shortlist/runner";
import { withRetry, type RetryPolicy } from "../retry.ts";
import { isTransient } from "./redis-faults.ts";
import { selectDatabase } from "./select-database.ts";

export interface RedisTarget {
  url: string;
  /** host:port/db without credentials, for messages. */
  display: string;
  /** The database number as the URL gives it ("0" when it names none). */
  database: string;
}

const FORM = "redis://[user:password@]host[:port][/db] (rediss:// for TLS)";

/**
 * Checks that `url` is a Redis URL ioredis can use.
 * @example parseRedisUrl("redis://localhost:6379/0").display // "localhost:6379/0"
 */
export function parseRedisUrl(url: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`sink.redis url "${url}" is not a URL: expected ${FORM}`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new UserError(`sink.redis url has scheme "${u.protocol}": expected ${FORM}`);
  }
  if (!u.hostname) throw new UserError(`sink.redis url "${redact(u)}" has no host: expected ${FORM}`);
  const db = u.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) {
    throw new UserError(`sink.redis url "${redact(u)}" names database "${db}": Redis databases are numbers (e.g. /0)`);
  }
  return { url, display: `${u.hostname}:${u.port || 6379}/${db || 0}`, database: db || "0" };
}

function redact(u: URL): string {
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
}

/**
 * Connects once without retrying, PINGs and selects the URL's database; any failure becomes a
 * UserError saying what to check.
 */
export async function checkReachable(target: RedisTarget, timeoutMs: number): Promise<void> {
  const probe = new Redis(target.url, {
    lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs,
    retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false,
  });
  // The cause (WRONGPASS, ECONNREFUSED) arrives as an "error" event; the promise only says "closed".
  let cause: Error | undefined;
  probe.on("error", (e: Error) => void (cause ??= e));
  let timer: Timer | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs + 100);
  });
  try {
    try {
      await Promise.race([probe.connect().then(() => probe.ping()), deadline]);
    } catch (e) {
      const msg = (cause ?? (e instanceof Error ? e : new Error(String(e)))).message;
      const hint = /NOAUTH|WRONGPASS|AUTH/i.test(msg)
        ? "check the user and password in the url"
        : "is redis-server running there, and is the url right?";
      throw new UserError(`sink.redis cannot reach Redis at ${target.display}: ${msg} (${hint})`, { cause: cause ?? e });
    }
    await selectDatabase(probe, target.database, target.display);
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}

export interface Reconnecting {
  /** Attempts ioredis makes to reconnect after a drop before giving up. */
  reconnectAttempts: number;
  /** Connect timeout per attempt, ms. */
  timeoutMs: number;
  /** Retries of the first connection, with backoff, when the server is away (default: none). */
  retry?: RetryPolicy;
  onRetry?: (e: unknown) => void;
}

/** A connected client that reconnects with exponential backoff, and counts its reconnections. */
export interface WriteConnection {
  redis: Redis;
  /** Incremented on each successful reconnection: data written before may be gone (a restart). */
  epoch(): number;
  close(): Promise<void>;
}

/**
 * Opens the client the writes go through.
 * @example const conn = await openConnection(target, { reconnectAttempts: 20, timeoutMs: 3000 });
 */
export async function openConnection(target: RedisTarget, opts: Reconnecting): Promise<WriteConnection> {
  const redis = new Redis(target.url, {
    lazyConnect: true,
    connectTimeout: opts.timeoutMs,
    // Exponential backoff, 100 ms doubling to 2 s; null gives up (the pending batches then fail).
    retryStrategy: (times) => (times > opts.reconnectAttempts ? null : Math.min(100 * 2 ** (times - 1), 2000)),
    // Queued commands fail after a few reconnect attempts so our per-batch retry sees the error.
    maxRetriesPerRequest: 3,
    autoResendUnfulfilledCommands: true,
  });
  let readies = 0;
  redis.on("ready", () => void readies++);
  redis.on("error", () => {}); // connection errors surface as failed commands, which are retried
  // The check before work passed, but the server may have gone since (a restart): a failed first
  // connect is retried like any dropped connection. ioredis keeps reconnecting after connect()
  // rejects, and the PING waits in its offline queue until it is connected.
  redis.connect().catch(() => {});
  try {
    await withRetry("connecting to Redis", opts.retry ?? { retries: 0, baseDelayMs: 1, maxDelayMs: 1 }, () => redis.ping(), opts.onRetry, isTransient);
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  return {
    redis,
    epoch: () => readies - 1,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
