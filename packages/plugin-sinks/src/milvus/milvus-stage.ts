/** sink.milvus: item embeddings into a fresh Milvus collection behind an alias. */
import type { MilvusClient } from "@zilliz/milvus2-sdk-node";
import { defineStage, UserError, type Matrix, type StageContext } from "@shortlist/runner";
import { reportThroughput } from "../throughput.ts";
import { checkName } from "./collection-plan.ts";
import { embeddingIds, embeddingTableRows } from "./insert-rows.ts";
import { parseMilvusAddress, type MilvusTarget } from "./milvus-address.ts";
import { milvusOptions, type MilvusOptions } from "./milvus-options.ts";
import { publishEmbeddings } from "./publish-collection.ts";

/** Connects and checks health; failure is a UserError saying what to check. */
async function connectMilvus(t: MilvusTarget, o: MilvusOptions): Promise<MilvusClient> {
  // Loaded on use: the SDK (gRPC and protobuf) takes about a second to import.
  const { MilvusClient } = await import("@zilliz/milvus2-sdk-node");
  const client = new MilvusClient({ address: t.address, ssl: t.ssl, token: o.token, database: o.database, timeout: o.timeoutMs, logLevel: "error" });
  try {
    const h = await client.checkHealth();
    if (!h.isHealthy) throw new Error(`unhealthy: ${JSON.stringify(h.reasons)}`);
    return client;
  } catch (e) {
    await client.closeConnection().catch(() => {});
    const msg = e instanceof Error ? e.message : String(e);
    throw new UserError(`sink.milvus cannot reach Milvus at ${t.address}: ${msg} (is Milvus running there, and is the address right?)`, { cause: e });
  }
}

/** The item vectors and their ids from whichever embedding artifact the pipeline has. */
async function readEmbeddings(ctx: StageContext, algo: string): Promise<{ m: Matrix; ids: Int32Array }> {
  if (ctx.has(`emb.${algo}.item`)) return embeddingTableRows(await ctx.table(`emb.${algo}.item`), algo);
  if (!ctx.has(`emb.${algo}.items`) || !ctx.has(`emb.${algo}.item_ids`)) {
    throw new UserError(`sink.milvus: no item embeddings of algo "${algo}": expected emb.${algo}.item (recall.${algo} writes it) or emb.${algo}.items with emb.${algo}.item_ids; add that recall stage before the sink, or set algo`);
  }
  const m = await ctx.matrix(`emb.${algo}.items`);
  if (m.kind !== "matrix") throw new UserError(`emb.${algo}.items is a ${m.kind}, expected a matrix of embeddings`);
  return { m, ids: embeddingIds(await ctx.table(`emb.${algo}.item_ids`), m, algo) };
}

export const milvusSink = defineStage({
  kind: "sink",
  description: "Writes item embeddings to a new Milvus collection and switches an alias to it",
  options: milvusOptions,
  // emb.<algo>.item (item + e0 … e{d−1}, as recall.twotower writes it), or a matrix emb.<algo>.items
  // with its ids in emb.<algo>.item_ids; which of them exists is checked when the stage runs.
  inputs: (o) => [`emb.${o.algo}.item?`, `emb.${o.algo}.items?`, `emb.${o.algo}.item_ids?`],
  outputs: [],
  // Connect (with the token) and ask for health, then hang up: before the pipeline's compute.
  async checkServices(o) {
    const target = parseMilvusAddress(o.address);
    await (await connectMilvus(target, o)).closeConnection().catch(() => {});
    return `Milvus at ${target.address}`;
  },
  async run(ctx, o) {
    const target = parseMilvusAddress(o.address);
    checkName("alias", o.alias);
    checkName("idField", o.idField);
    checkName("vectorField", o.vectorField);
    const { m, ids } = await readEmbeddings(ctx, o.algo);
    const client = await connectMilvus(target, o);
    try {
      const started = performance.now();
      const r = await publishEmbeddings(client, m, ids, o, (msg) => ctx.log(msg), ctx.signal);
      if (r.dropped.length) ctx.log(`dropped ${r.dropped.join(", ")}`);
      reportThroughput(ctx, `milvus ${target.address}/${r.collection}`, m.rows, performance.now() - started,
        `${m.cols}-d vectors, ${o.indexType}/${o.metric}${r.retries ? `, ${r.retries} retries` : ""}`);
    } finally {
      await client.closeConnection().catch(() => {});
    }
  },
});
