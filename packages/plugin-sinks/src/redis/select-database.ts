/**
 * Checking the database a URL names. ioredis sends SELECT when it connects and, when the server
 * refuses it, only emits an "error" event and carries on in database 0: `redis://host/99` on a
 * server with 16 databases would publish into database 0. The check before work therefore selects
 * the database itself and turns a refusal into a UserError naming the database and how many the
 * server has.
 */
import type Redis from "ioredis";
import { UserError } from "@shortlist/runner";

/** The server's `databases` setting, or undefined where CONFIG is refused (managed services, ACLs). */
async function databaseCount(redis: Redis): Promise<number | undefined> {
  try {
    const reply = (await redis.call("CONFIG", "GET", "databases")) as string[];
    const n = Number(reply[1]);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Selects `database` on `redis` (a connection used for nothing else), or throws a UserError.
 * @example await selectDatabase(probe, "99", "cache:6379/99") // UserError: … has 16 databases (0–15) …
 */
export async function selectDatabase(redis: Redis, database: string, display: string): Promise<void> {
  if (database === "0") return; // every server has database 0
  try {
    await redis.call("SELECT", database);
  } catch (e) {
    if (!(e instanceof Error) || e.name !== "ReplyError") throw e;
    const count = await databaseCount(redis);
    const why = count === undefined
      ? `the server refused SELECT ${database} (${e.message}); its database count is not readable here (CONFIG GET databases is refused)`
      : `the server has ${count} databases (0–${count - 1}) and refused SELECT ${database} (${e.message})`;
    throw new UserError(`sink.redis url names database ${database} at ${display}, but ${why}: use a database the server has, or raise \`databases\` in its redis.conf; nothing was written`, { cause: e });
  }
}
