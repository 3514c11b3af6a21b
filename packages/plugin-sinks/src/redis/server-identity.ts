/**
 * Which redis-server a connection talks to, so a sharded write can tell that its workers wrote to
 * the server the coordinator is about to switch. A URL such as `redis://localhost:6379` (or a host
 * name that resolves differently inside each container) names another server on every machine:
 * the workers would fill their own while the coordinator points readers at a version that is empty
 * on its server. Each worker reports the `run_id` of its server (INFO server: random per server
 * process), and the coordinator compares them with its own.
 */
import type Redis from "ioredis";
import { UserError } from "@shortlist/runner";
import type { WriteConnection } from "./redis-connection.ts";

/**
 * The server's run_id, or "" where INFO is refused (a restricted managed service): then nothing is compared.
 * @example await serverId(conn.redis) // "3f2a…" (40 hex digits)
 */
export async function serverId(redis: Redis): Promise<string> {
  try {
    return /^run_id:(\w+)/m.exec(await redis.info("server"))?.[1] ?? "";
  } catch {
    return "";
  }
}

/**
 * Throws a UserError when a worker wrote to another server than `conn`'s. A restart (a new run_id)
 * also drops `conn`, so a moved epoch explains a difference: then every key is checked here anyway.
 * @example await checkSameServer(conn, epochBeforeTheJobs, ["3f2a…"], "cache:6379/0", "app:v3:")
 */
export async function checkSameServer(conn: WriteConnection, epochBefore: number, workers: readonly string[], display: string, namespace: string): Promise<void> {
  // Asked first: the reply waits for a reconnection, and so the epoch read after it counts it.
  const mine = await serverId(conn.redis);
  if (!mine || conn.epoch() !== epochBefore) return;
  const others = workers.filter((id) => id && id !== mine);
  if (others.length === 0) return;
  throw new UserError(
    `sink.redis: the workers wrote version ${namespace} to another Redis than ${display}, the one this run publishes to ` +
      `(server run_id ${others[0]} there, ${mine} here). Does the url name the same server from every machine? localhost or ` +
      `127.0.0.1 names each worker's own machine: use an address every machine reaches. Nothing was published here; the keys written there are left (remove them with SCAN MATCH "${namespace}*" and UNLINK).`,
  );
}
