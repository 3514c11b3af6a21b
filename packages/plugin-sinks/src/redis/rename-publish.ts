/**
 * `publish: "rename"`: for readers that read fixed key names (`USER:42`, as the Merlin notebook
 * does) and cannot follow a pointer. Keys are written and checked under a staging namespace, then
 * renamed over the plain names, a batch per script call. Each key is replaced atomically (a reader
 * never sees half a value) and each batch at once, but the set is not: while the renames run, a
 * reader can see new lists for some users and old ones for others. Keys of ids absent from the new
 * run are left in place (set ttlSeconds to bound them). The pointer mode has neither drawback.
 */
import { batchRanges, runBounded } from "../batches.ts";
import type { KeyFamily } from "./key-families.ts";
import type { WriteConnection } from "./redis-connection.ts";
import { RespWriter } from "./resp.ts";
import { withRetry } from "../retry.ts";
import { ensurePresent, type WritePlan, type WriteStats } from "./write-families.ts";
import { keyNames } from "./write-commands.ts";

// Renames only keys still staged, so a batch sent again after a dropped reply does no harm.
const RENAME_STAGED = `
for i = 1, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('RENAME', KEYS[i], KEYS[i + 1]) end
end
return #KEYS / 2`;

/**
 * Moves every staged key to its final name, then checks the final names (rewriting any a restart
 * lost) so the publication ends with every key present.
 * @example await renameInto(conn, families, "app:v4:", "app:", plan, stats)
 */
export async function renameInto(conn: WriteConnection, families: readonly KeyFamily[], staging: string, final: string, plan: WritePlan, stats: WriteStats): Promise<void> {
  const w = new RespWriter();
  for (const fam of families) {
    const ranges = batchRanges(fam.keys, plan.batchSize);
    await runBounded(ranges.length, plan.concurrency, async (i) => {
      plan.signal?.throwIfAborted();
      const [from, to] = ranges[i]!;
      const src = keyNames(fam, from, to, staging, w);
      const dst = keyNames(fam, from, to, final, w);
      const keys = src.flatMap((k, j) => [k, dst[j]!]);
      await withRetry(`renaming ${fam.artifact} keys ${from}..${to - 1}`, plan.retry, () => conn.redis.eval(RENAME_STAGED, keys.length, ...keys), () => void stats.retries++);
    });
  }
  await ensurePresent(conn, families, final, plan, -1, stats);
}
