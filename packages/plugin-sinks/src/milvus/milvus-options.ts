import { z } from "zod";
import { secret } from "@shortlist/runner";

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Options of sink.milvus: the only place they are documented (`shortlist plugins` prints them). */
export const milvusOptions = z.object({
  address: z.string().default("localhost:19530").describe("Milvus address: host:port or http(s)://host:port (https: TLS). Checked before any work"),
  token: secret(z.string().optional().describe("API token (Zilliz Cloud) or user:password")),
  database: z.string().optional().describe("Milvus database; default: the server's default"),
  algo: z.string().min(1).default("twotower").describe("Writes emb.<algo>.item (item + e0 … e{d−1}, as recall.twotower writes it), or else the matrix emb.<algo>.items with ids from emb.<algo>.item_ids"),
  alias: z.string().default("item_embeddings")
    .describe("Alias readers search; each run creates <alias>_v<ms> and switches the alias to it (MetaSpore's demo searches simplex_demo)"),
  idField: z.string().default("item_id").describe("INT64 primary key field holding the item id (MetaSpore reads item_id)"),
  vectorField: z.string().default("embedding_vector").describe("FLOAT_VECTOR field (MetaSpore searches embedding_vector)"),
  indexType: z.enum(["IVF_FLAT", "HNSW", "FLAT"]).default("IVF_FLAT").describe("Vector index (MetaSpore: IVF_FLAT)"),
  metric: z.enum(["IP", "L2", "COSINE"]).default("IP").describe("Similarity metric (MetaSpore: IP, inner product)"),
  nlist: int(1, 65_536).default(1024).describe("IVF_FLAT: number of clusters"),
  hnswM: int(2, 2048).default(16).describe("HNSW: links per node"),
  hnswEfConstruction: int(1, 65_536).default(200).describe("HNSW: candidate list size while building"),
  concurrency: int(1, 16).default(2).describe("Insert requests in flight at once"),
  retries: int(0, 100).default(5).describe("Retries of a failed insert, with exponential backoff"),
  timeoutMs: int(100, 600_000).default(10_000).describe("Timeout of the health check before any work and of each request"),
  keepOld: z.boolean().default(false).describe("Keep the collection the alias pointed at before (default: drop it after the switch)"),
});

export type MilvusOptions = z.output<typeof milvusOptions>;
