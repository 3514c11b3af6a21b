/**
 * Whether the server has RedisJSON. `COMMAND INFO JSON.SET` answers for any user (MODULE LIST
 * needs admin rights on managed services), so it is asked first. Only a refusal (a reply error)
 * means "no"; a dropped connection is thrown, for the caller to retry, since reading it as "no"
 * would store strings on a server that has the module.
 */
import type Redis from "ioredis";
import { UserError } from "@shortlist/runner";

/** @example await hasRedisJson(redis) // false on a plain redis-server */
export async function hasRedisJson(redis: Redis): Promise<boolean> {
  try {
    const info = (await redis.call("COMMAND", "INFO", "JSON.SET")) as unknown[];
    if (Array.isArray(info) && info[0]) return true;
  } catch (e) {
    if (!isReplyError(e)) throw e; // else fall through to MODULE LIST
  }
  try {
    const modules = (await redis.call("MODULE", "LIST")) as unknown[][];
    return modules.some((m) => {
      const name = m[m.indexOf("name") + 1];
      return typeof name === "string" && /^(rejson|redisjson|json)$/i.test(name);
    });
  } catch (e) {
    if (!isReplyError(e)) throw e;
    return false;
  }
}

const isReplyError = (e: unknown) => e instanceof Error && e.name === "ReplyError";

/**
 * Picks how JSON values are stored from the `json` option and what the server has, saying why.
 * @example chooseJsonStorage("auto", false).storage // "string"
 */
export function chooseJsonStorage(option: "auto" | "redisjson" | "string", available: boolean): { storage: "redisjson" | "string"; note: string } {
  if (option === "redisjson" && !available) {
    throw new UserError(`sink.redis json: "redisjson" but the server has no RedisJSON module (JSON.SET is unknown): load the module (redis-stack) or set json: "auto"`);
  }
  if (option === "string") return { storage: "string", note: "JSON values written as strings (json: string): read with GET and parse" };
  if (available) return { storage: "redisjson", note: "RedisJSON detected: JSON values written with JSON.SET, read with JSON.GET" };
  return { storage: "string", note: "RedisJSON not loaded on this server: JSON values written as strings, read with GET and parse" };
}
