/**
 * The pointer switch of sink.redis, the last step of a publication. A reconnection before or
 * around it may mean a restart that lost keys (or the pointer): then every key is checked again
 * (and rewritten) before the switch is sent (again). The switch is a compare-and-set that refuses
 * to go backwards, so sending it twice after a lost reply does no harm.
 */
import type { StageContext } from "@shortlist/runner";
import type { KeyFamily } from "./key-families.ts";
import { pointerKey } from "./key-layout.ts";
import type { WriteConnection } from "./redis-connection.ts";
import { retryStep } from "./retry-step.ts";
import { deleteNamespace, switchPointer } from "./versions.ts";
import { ensurePresent, type WritePlan, type WriteStats } from "./write-families.ts";

/**
 * Switches `{prefix}current` to `version` once every key is known present. Returns the version the
 * pointer held before, 0 when unset, or undefined when the reply that said so was lost.
 * @example const previous = await switchWhenComplete(ctx, conn, families, "app:v8:", plan, stats, "app:", 8);
 */
export async function switchWhenComplete(
  ctx: Pick<StageContext, "log">, conn: WriteConnection, families: KeyFamily[], ns: string, plan: WritePlan, stats: WriteStats, prefix: string, version: number,
): Promise<number | undefined> {
  let previous: number | undefined;
  let answered = false; // a switch reply came back: the pointer may name this version now
  try {
    return await retryStep(ctx, plan.retry, "switching the pointer", async () => {
      for (;;) {
        await ensurePresent(conn, families, ns, plan, stats.epoch, stats); // no-op unless it reconnected
        const checked = stats.epoch;
        const sw = await switchPointer(conn.redis, prefix, version);
        answered = true;
        if (!sw.switched && sw.previous !== version) {
          await deleteNamespace(conn.redis, ns);
          throw new Error(`${pointerKey(prefix)} already points at version ${sw.previous}, newer than this run's ${version} (another run published meanwhile); this run's keys were removed`);
        }
        if (sw.switched) previous ??= sw.previous;
        if (conn.epoch() === checked) return previous;
      }
    });
  } catch (e) {
    // A refusal (OOM while rewriting or switching) before any switch went through: nothing
    // points at this version, so its keys go. A lost connection may hide a switch that happened.
    if (!answered && e instanceof Error && e.name === "ReplyError") {
      await deleteNamespace(conn.redis, ns).catch(() => ctx.log(`could not remove the partial version ${version}; the next run will`));
    }
    throw e;
  }
}
