import { z } from "zod";
import { secret } from "@shortlist/runner";

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Options of sink.mongodb: the only place they are documented (`shortlist plugins` prints them). */
export const mongoOptions = z.object({
  // secret: manifest.json records it without the user, password and query options
  uri: secret(z.string().default("mongodb://127.0.0.1:27017")
    .describe("MongoDB connection string (mongodb:// or mongodb+srv://). Checked and pinged before any work")),
  database: z.string().optional().describe("Database to write; default: the one named in the uri, else shortlist"),
  artifacts: z.array(z.string())
    .default(["features.user?", "items?", "features.item?", "i2i.itemcf?", "i2i.swing?", "emb.twotower.item_ids?"])
    .describe('Artifacts to write, one collection each; a trailing "?" skips one no earlier stage produced. Defaults are MetaSpore\'s collections'),
  collections: z.record(z.string(), z.string()).default({})
    .describe('Collection per artifact, overriding the defaults (features.user → user, items → item, features.item → item_feature, i2i.<algo> → <algo>, emb.<algo>.item_ids → milvus_item_id, recs.<algo> → recs_<algo>)'),
  keyColumns: z.record(z.string(), z.string()).default({})
    .describe("Key column of a table artifact whose key is not implied by its name (features.<entity> → entity, items → item)"),
  rename: z.record(z.string(), z.string()).default({})
    .describe('Column renames in table documents, e.g. { user: "user_id", item: "movie_id" } as MetaSpore\'s demo names them'),
  queryField: z.string().min(1).default("queryid").describe("The string lookup field every document gets, with a unique index on it"),
  idField: z.string().min(1).default("_1").describe('Id of a list entry in i2i/recs documents (MetaSpore\'s matchers read "_1")'),
  scoreField: z.string().min(1).default("_2").describe('Score of a list entry (MetaSpore\'s matchers read "_2" as a double)'),
  batchSize: int(1, 100_000).default(1000).describe("Documents per insertMany"),
  concurrency: int(1, 32).default(4).describe("insertMany batches in flight at once"),
  retries: int(0, 100).default(5).describe("Retries of a batch that failed on a network error, with exponential backoff"),
  connectTimeoutMs: int(100, 600_000).default(5000).describe("Server selection and connect timeout, for the check before any work"),
});

export type MongoOptions = z.output<typeof mongoOptions>;
