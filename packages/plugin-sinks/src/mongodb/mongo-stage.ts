/**
 * sink.mongodb: one collection per artifact, in the document shapes MetaSpore's online services
 * read, each replaced atomically by a rename.
 */
import { defineStage, UserError, type StageContext } from "@shortlist/runner";
import { parseRef, presentRefs } from "../artifact-names.ts";
import { reportThroughput } from "../throughput.ts";
import { collectionFor } from "./collection-names.ts";
import { connectMongo } from "./mongo-connection.ts";
import { documentsFor, type DocumentSource } from "./mongo-documents.ts";
import { mongoOptions, type MongoOptions } from "./mongo-options.ts";
import { parseMongoUri } from "./mongo-uri.ts";
import { replaceCollection } from "./replace-collection.ts";

interface Target {
  collection: string;
  src: DocumentSource;
}

async function plan(ctx: StageContext, o: MongoOptions): Promise<Target[]> {
  const targets: Target[] = [];
  const used = new Map<string, string>();
  for (const r of presentRefs(ctx, "sink.mongodb", o.artifacts, "write")) {
    const collection = collectionFor(r.name, o.collections);
    const other = used.get(collection);
    if (other) throw new UserError(`${other} and ${r.name} would both replace collection "${collection}": give one another name in collections`);
    used.set(collection, r.name);
    targets.push({ collection, src: documentsFor(r.name, await ctx.table(r.name), { ...o }) });
  }
  return targets;
}

export const mongoSink = defineStage({
  kind: "sink",
  description: "Writes MetaSpore's collections (user, item, item_feature, itemcf, swing, …) to MongoDB, each replaced atomically",
  options: mongoOptions,
  inputs: (o) => o.artifacts,
  outputs: [],
  // Connect (authenticating with the URI's credentials) and ping, then hang up: before the pipeline's compute.
  async checkServices(o) {
    const target = parseMongoUri(o.uri);
    await (await connectMongo(target, o.connectTimeoutMs)).close();
    return `MongoDB at ${target.display}`;
  },
  async run(ctx, o) {
    const target = parseMongoUri(o.uri);
    for (const r of o.artifacts.map(parseRef)) collectionFor(r.name, o.collections);
    const client = await connectMongo(target, o.connectTimeoutMs);
    try {
      const targets = await plan(ctx, o);
      const db = client.db(o.database ?? target.database ?? "shortlist");
      const started = performance.now();
      let rows = 0, docs = 0, retries = 0;
      for (const t of targets) {
        const r = await replaceCollection(db, t.collection, t.src, {
          queryField: o.queryField, batchSize: o.batchSize, concurrency: o.concurrency, signal: ctx.signal, log: (m) => ctx.log(m),
          retry: { retries: o.retries, baseDelayMs: 200, maxDelayMs: 5000 },
        });
        ctx.log(`${t.src.artifact} → ${db.databaseName}.${t.collection}: ${t.src.count} documents, unique index on ${o.queryField}`);
        rows += t.src.rows;
        docs += t.src.count;
        retries += r.retries;
      }
      reportThroughput(ctx, `mongodb ${target.display}`, rows, performance.now() - started, `${docs} documents in ${targets.length} collections${retries ? `, ${retries} retries` : ""}`);
      ctx.metrics.record("documents", docs);
    } finally {
      await client.close();
    }
  },
});
