/**
 * Replaces a collection atomically for readers: documents go into `name__tmp_<ms>` (with the
 * unique lookup index created first, so a batch sent twice after a dropped connection inserts
 * nothing twice), the count is checked, and `renameCollection(tmp, name, {dropTarget: true})`
 * swaps it in as one step: readers query the old collection or the new one, never a partial one.
 * Temporary collections an earlier crashed run left are dropped first; on failure ours is too.
 */
import type { Db, Document, MongoBulkWriteError } from "mongodb";
import { batchRanges, runBounded } from "../batches.ts";
import { withRetry, type RetryPolicy } from "../retry.ts";
import { isTempOf, tempCollection } from "./collection-names.ts";
import { isRetryableMongo } from "./mongo-connection.ts";
import type { DocumentSource } from "./mongo-documents.ts";

export interface ReplacePlan {
  queryField: string;
  batchSize: number;
  concurrency: number;
  retry: RetryPolicy;
  signal?: AbortSignal;
  log?: (m: string) => void;
}

const DUPLICATE_KEY = 11000;

/** insertMany that treats "already there" (a retried batch) as success. */
async function insertBatch(db: Db, coll: string, docs: Document[]): Promise<void> {
  try {
    await db.collection(coll).insertMany(docs, { ordered: false });
  } catch (e) {
    const bulk = e as MongoBulkWriteError;
    const errors = bulk.writeErrors ? (Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors]) : undefined;
    if (errors && errors.length > 0 && errors.every((w) => w.code === DUPLICATE_KEY)) return;
    throw e;
  }
}

/**
 * @example await replaceCollection(db, "itemcf", documentsFor("i2i.itemcf", t, fields), plan)
 */
export async function replaceCollection(db: Db, name: string, src: DocumentSource, plan: ReplacePlan): Promise<{ retries: number }> {
  for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (isTempOf(name, c.name)) {
      plan.log?.(`dropping ${c.name}, left by an earlier run`);
      await db.collection(c.name).drop();
    }
  }
  const tmp = tempCollection(name, Date.now());
  let retries = 0;
  try {
    await db.createCollection(tmp);
    await db.collection(tmp).createIndex({ [plan.queryField]: 1 }, { unique: true, name: `${plan.queryField}_1` });
    const ranges = batchRanges(src.count, plan.batchSize);
    await runBounded(ranges.length, plan.concurrency, async (i) => {
      plan.signal?.throwIfAborted();
      const [from, to] = ranges[i]!;
      const docs = src.build(from, to);
      await withRetry(`inserting ${src.artifact} documents ${from}..${to - 1}`, plan.retry, () => insertBatch(db, tmp, docs), () => void retries++, isRetryableMongo);
    });
    const count = await db.collection(tmp).countDocuments();
    if (count !== src.count) throw new Error(`${tmp} holds ${count} documents after the write, expected ${src.count}`);
    await db.renameCollection(tmp, name, { dropTarget: true });
    return { retries };
  } catch (e) {
    await db.collection(tmp).drop().catch(() => {});
    throw e;
  }
}
