/**
 * Publishes embeddings behind an alias: create `<alias>_v<ms>`, insert in batches, flush, build
 * the index, load, check the row count, then point the alias at it (alterAlias, or createAlias the
 * first time) in one call, so searches go to the old collection or the new one, never a partial
 * one. Then the previous collection (and any a crashed run left) is dropped.
 */
import type { MilvusClient, ResStatus } from "@zilliz/milvus2-sdk-node";
import { UserError, type Matrix } from "@shortlist/runner";
import { batchRanges, runBounded } from "../batches.ts";
import { withRetry } from "../retry.ts";
import { collectionFields, indexParams, isVersionOf, rowsPerInsert, versionedName } from "./collection-plan.ts";
import { insertRows } from "./insert-rows.ts";
import type { MilvusOptions } from "./milvus-options.ts";

/** Milvus reports most failures in a status rather than by throwing. */
export function ensureOk(status: ResStatus | undefined, what: string): void {
  const code = status?.code ?? 0;
  const ok = (status?.error_code === "Success" || status?.error_code === 0 || status?.error_code === undefined) && code === 0;
  if (!ok) throw new Error(`Milvus ${what} failed: ${status?.reason || status?.detail || JSON.stringify(status)}`);
}

async function currentTarget(client: MilvusClient, alias: string): Promise<string | undefined> {
  const has = await client.hasCollection({ collection_name: alias });
  if (has.value === true) {
    // The SDK insists on a collection_name here although the request only carries the alias.
    const d = await client.describeAlias({ alias, collection_name: alias });
    if (d.status?.code === 0 && d.collection) return d.collection;
    throw new UserError(`sink.milvus alias "${alias}" is the name of a collection, and an alias cannot be: choose another alias (or drop that collection)`);
  }
  return undefined;
}

export interface PublishResult {
  collection: string;
  previous?: string;
  dropped: string[];
  retries: number;
}

/** @example await publishEmbeddings(client, emb, ids, options, (m) => ctx.log(m)) */
export async function publishEmbeddings(client: MilvusClient, m: Matrix, ids: Int32Array, o: MilvusOptions, log: (m: string) => void, signal?: AbortSignal): Promise<PublishResult> {
  const previous = await currentTarget(client, o.alias);
  const name = versionedName(o.alias, Date.now());
  let retries = 0;
  ensureOk(await client.createCollection({ collection_name: name, fields: collectionFields(o.idField, o.vectorField, m.cols) }), `creating ${name}`);
  try {
    const ranges = batchRanges(m.rows, rowsPerInsert(m.cols));
    await runBounded(ranges.length, o.concurrency, async (i) => {
      signal?.throwIfAborted();
      const [from, to] = ranges[i]!;
      const data = insertRows(m, ids, from, to, o.idField, o.vectorField);
      await withRetry(`inserting rows ${from}..${to - 1} into ${name}`, { retries: o.retries, baseDelayMs: 200, maxDelayMs: 5000 }, async () => {
        const r = await client.insert({ collection_name: name, data });
        ensureOk(r.status, `insert into ${name}`);
      }, () => void retries++);
    });
    await client.flushSync({ collection_names: [name] });
    ensureOk(await client.createIndex({ collection_name: name, field_name: o.vectorField, ...indexParams(o) }), `index on ${name}.${o.vectorField}`);
    ensureOk(await client.loadCollectionSync({ collection_name: name }), `loading ${name}`);
    const stats = await client.getCollectionStatistics({ collection_name: name });
    const count = Number(stats.data?.row_count ?? -1);
    if (count !== m.rows) throw new Error(`${name} holds ${count} rows after the write, expected ${m.rows}`);
    const switched = previous
      ? await client.alterAlias({ alias: o.alias, collection_name: name })
      : await client.createAlias({ alias: o.alias, collection_name: name });
    ensureOk(switched, `pointing alias ${o.alias} at ${name}`);
  } catch (e) {
    await client.dropCollection({ collection_name: name }).catch(() => {});
    throw e;
  }
  log(`alias ${o.alias} → ${name}${previous ? ` (was ${previous})` : ""}`);
  const dropped: string[] = [];
  const all = await client.showCollections();
  for (const c of all.data ?? []) {
    if (c.name === name || !isVersionOf(o.alias, c.name) || (o.keepOld && c.name === previous)) continue;
    await client.releaseCollection({ collection_name: c.name }).catch(() => {});
    ensureOk(await client.dropCollection({ collection_name: c.name }), `dropping ${c.name}`);
    dropped.push(c.name);
  }
  return { collection: name, previous, dropped, retries };
}
