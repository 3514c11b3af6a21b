/**
 * `--queue redis://[user:password@]host[:port][/db][?name=queue]`: where the BullMQ queue lives.
 * The queue name (default "shortlist") lets several teams share one Redis; jobs inside it are
 * namespaced by run, so two coordinators on one queue never take each other's results.
 */
import { UserError } from "../errors.ts";

export interface QueueAddress {
  /** ioredis options as BullMQ takes them. */
  connection: { host: string; port: number; db: number; username?: string; password?: string; maxRetriesPerRequest: null };
  name: string;
  /** The URL without its password, for messages. */
  display: string;
}

/**
 * @example parseQueueUrl("redis://127.0.0.1:6390/0?name=ml") // { connection: { host: "127.0.0.1", port: 6390, db: 0, … }, name: "ml", … }
 */
export function parseQueueUrl(url: string): QueueAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--queue ${url}: expected a Redis URL such as redis://127.0.0.1:6379/0`);
  }
  if (u.protocol !== "redis:") throw new UserError(`--queue ${url}: expected a redis:// URL (found ${u.protocol}//)`);
  const db = u.pathname.replace(/^\//, "") === "" ? 0 : Number(u.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0) throw new UserError(`--queue ${url}: the database after the host must be a number (found "${u.pathname.slice(1)}")`);
  const name = u.searchParams.get("name") ?? "shortlist";
  if (!/^[\w-]+$/.test(name)) throw new UserError(`--queue ${url}: the queue name "${name}" must be letters, digits, _ or -`);
  const connection: QueueAddress["connection"] = { host: u.hostname || "127.0.0.1", port: u.port ? Number(u.port) : 6379, db, maxRetriesPerRequest: null };
  if (u.username) connection.username = decodeURIComponent(u.username);
  if (u.password) connection.password = decodeURIComponent(u.password);
  return { connection, name, display: `redis://${connection.host}:${connection.port}/${db} (queue ${name})` };
}
