/**
 * Writes key families into a namespace: batches of `batchSize` keys, `concurrency` batches in
 * flight, each retried with backoff when the connection drops. A reconnection may mean the server
 * restarted and lost what it had (no persistence, a failover to a lagging replica), so after any
 * reconnection every batch is checked with EXISTS and the incomplete ones written again, until a
 * pass completes with no reconnection during it: the write ends with every key present.
 *
 * A `range` restricts both to units [from, to) of the families' keys numbered one after another,
 * family by family in order (a shard of a sharded write: see sharded-write.ts); without one, every
 * key is written.
 */
import { batchRanges, runBounded } from "../batches.ts";
import type { KeyFamily } from "./key-families.ts";
import type { WriteConnection } from "./redis-connection.ts";
import { RespWriter } from "./resp.ts";
import { withRetry, type RetryPolicy } from "../retry.ts";
import { sendEncoded } from "./send-commands.ts";
import { encodeExists, encodeWrites, type WriteMode } from "./write-commands.ts";

export interface WritePlan {
  batchSize: number;
  concurrency: number;
  retry: RetryPolicy;
  mode: WriteMode;
  /** Check every key after the write even when the connection never dropped. */
  verifyAlways: boolean;
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
}

export interface WriteStats {
  keys: number;
  rows: number;
  retries: number;
  /** Verification passes run (0 when the connection never dropped). */
  verifyPasses: number;
  /** Batches found incomplete by verification and written again. */
  rewritten: number;
  /**
   * Of verifyPasses, those the run's workers ran on their own connections (a sharded write): they
   * do not count against this connection's limit of passes.
   */
  workerPasses?: number;
  /** The connection epoch through which every key is known present (see WriteConnection.epoch). */
  epoch: number;
}

/** Units [from, to) of the families' keys, numbered family by family in order. */
export interface KeyRange {
  from: number;
  to: number;
}

interface Batch {
  fam: KeyFamily;
  from: number;
  to: number;
}

const MAX_VERIFY_PASSES = 10;

/** Each family's entries [from, to) that fall in `range` (all of them without one); empty parts left out. */
function partsOf(families: readonly KeyFamily[], range?: KeyRange): Batch[] {
  const out: Batch[] = [];
  let base = 0;
  for (const fam of families) {
    const from = Math.max(0, (range?.from ?? 0) - base), to = Math.min(fam.keys, (range?.to ?? Infinity) - base);
    if (to > from) out.push({ fam, from, to });
    base += fam.keys;
  }
  return out;
}

function batchesOf(families: readonly KeyFamily[], size: number, range?: KeyRange): Batch[] {
  return partsOf(families, range).flatMap((p) => batchRanges(p.to - p.from, size).map(([a, b]) => ({ fam: p.fam, from: p.from + a, to: p.from + b })));
}

function emptyStats(families: readonly KeyFamily[], range?: KeyRange): WriteStats {
  const parts = partsOf(families, range);
  return { keys: parts.reduce((s, p) => s + p.to - p.from, 0), rows: parts.reduce((s, p) => s + p.fam.rowsIn(p.from, p.to), 0), retries: 0, verifyPasses: 0, rewritten: 0, epoch: -1 };
}

/** Encodes and sends one batch, retrying with backoff. */
function batchWriter(conn: WriteConnection, ns: Uint8Array, plan: WritePlan, stats: WriteStats) {
  // Encoding is synchronous and `take()` copies, so one writer serves every batch in flight.
  const w = new RespWriter();
  const onRetry = () => void stats.retries++;
  return {
    write: (b: Batch) => withRetry(`writing ${b.fam.artifact} keys ${b.from}..${b.to - 1}`, plan.retry, () => sendEncoded(conn.redis, encodeWrites(w, b.fam, b.from, b.to, ns, plan.mode)), onRetry),
    present: async (b: Batch) => {
      const [n] = await withRetry(`checking ${b.fam.artifact} keys ${b.from}..${b.to - 1}`, plan.retry, () => sendEncoded(conn.redis, encodeExists(w, b.fam, b.from, b.to, ns)), onRetry);
      return Number(n);
    },
  };
}

/**
 * Writes every key of `families` (or those of `range`) under `namespace`, then makes sure they are all there.
 * @example const stats = await writeFamilies(conn, [fam], "app:v3:", { batchSize: 1000, concurrency: 4, retry, mode, verifyAlways: false });
 * @example const part = await writeFamilies(conn, fams, "app:v3:", plan, { from: 5000, to: 10000 }); // one shard's keys
 */
export async function writeFamilies(conn: WriteConnection, families: readonly KeyFamily[], namespace: string, plan: WritePlan, range?: KeyRange): Promise<WriteStats> {
  const ns = new TextEncoder().encode(namespace);
  const batches = batchesOf(families, plan.batchSize, range);
  const stats = emptyStats(families, range);
  const { write } = batchWriter(conn, ns, plan, stats);
  const startEpoch = conn.epoch();
  let done = 0;
  await runBounded(batches.length, plan.concurrency, async (i) => {
    plan.signal?.throwIfAborted();
    const b = batches[i]!;
    await write(b);
    done += b.to - b.from;
    plan.progress?.(done, stats.keys);
  });
  await ensurePresent(conn, families, namespace, plan, plan.verifyAlways ? -1 : startEpoch, stats, range);
  return stats;
}

/**
 * When the connection was re-established since `sinceEpoch` (-1: always), checks every batch (of
 * `range`, when given) with EXISTS and writes the incomplete ones again, until a pass sees no reconnection.
 * @example await ensurePresent(conn, families, "app:v3:", plan, -1) // checks every key once
 */
export async function ensurePresent(
  conn: WriteConnection, families: readonly KeyFamily[], namespace: string, plan: WritePlan, sinceEpoch: number, stats = emptyStats(families), range?: KeyRange,
): Promise<WriteStats> {
  // (a caller passing a range passes its stats too: writeFamilies does, the default counts every key)
  const ns = new TextEncoder().encode(namespace);
  const batches = batchesOf(families, plan.batchSize, range);
  const { write, present } = batchWriter(conn, ns, plan, stats);
  let checkedEpoch = sinceEpoch;
  while (conn.epoch() !== checkedEpoch) {
    if (stats.verifyPasses - (stats.workerPasses ?? 0) >= MAX_VERIFY_PASSES) {
      throw new Error(`the Redis connection kept dropping: ${MAX_VERIFY_PASSES} verification passes did not complete without a reconnection`);
    }
    checkedEpoch = conn.epoch();
    stats.verifyPasses++;
    await runBounded(batches.length, plan.concurrency, async (i) => {
      plan.signal?.throwIfAborted();
      const b = batches[i]!;
      if ((await present(b)) !== b.to - b.from) {
        stats.rewritten++;
        await write(b);
      }
    });
  }
  stats.epoch = checkedEpoch;
  return stats;
}
