/**
 * Sends commands that were encoded ahead (see resp.ts) through ioredis, which keeps doing what it
 * is good at: the connection, reconnecting, the offline queue, resending unanswered commands and
 * parsing replies. A command whose `toWritable` returns our bytes is written as is.
 */
import Redis, { Command, type Pipeline } from "ioredis";
import type { EncodedCommand } from "./resp.ts";

class PreEncoded extends Command {
  constructor(name: string, private readonly bytes: Buffer) {
    // Replies as strings, as ioredis's own commands give them (not Buffers).
    super(name, [], { replyEncoding: "utf8" });
  }
  override toWritable(): Buffer {
    return this.bytes;
  }
}

/**
 * Sends `cmds` as one pipeline and returns their replies; the first error reply (or connection
 * error) rejects.
 * @example const [reply] = await sendEncoded(redis, encodeExists(w, fam, 0, 1000, ns));
 */
export async function sendEncoded(redis: Redis, cmds: readonly EncodedCommand[]): Promise<unknown[]> {
  if (cmds.length === 0) return [];
  if (cmds.length === 1) {
    const c = cmds[0]!;
    return [await redis.sendCommand(new PreEncoded(c.name, c.bytes))];
  }
  // pipeline() is typed as the chainable command API; the object is a Pipeline, which can send a Command.
  const pipeline = redis.pipeline() as unknown as Pipeline;
  for (const c of cmds) pipeline.sendCommand(new PreEncoded(c.name, c.bytes));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
