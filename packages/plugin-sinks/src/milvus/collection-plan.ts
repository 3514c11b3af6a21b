/**
 * What sink.milvus creates, as plain data: the collection's fields (an INT64 primary key holding the
 * item id, a FLOAT_VECTOR of the embedding's dimension), the index, the collection's versioned
 * name behind the alias, and insert batches sized to stay well under gRPC's message limit.
 */
import { UserError } from "@shortlist/runner";

export type IndexType = "IVF_FLAT" | "HNSW" | "FLAT";
export type Metric = "IP" | "L2" | "COSINE";

export interface FieldPlan {
  name: string;
  data_type: "Int64" | "FloatVector";
  is_primary_key?: boolean;
  autoID?: boolean;
  dim?: number;
}

/** @example collectionFields("item_id", "embedding_vector", 32) */
export function collectionFields(idField: string, vectorField: string, dim: number): FieldPlan[] {
  if (idField === vectorField) throw new UserError(`sink.milvus idField and vectorField are both "${idField}": give them different names`);
  return [
    { name: idField, data_type: "Int64", is_primary_key: true, autoID: false },
    { name: vectorField, data_type: "FloatVector", dim },
  ];
}

export interface IndexOptions {
  indexType: IndexType;
  metric: Metric;
  nlist: number;
  hnswM: number;
  hnswEfConstruction: number;
}

/** The index request parameters per index type. @example indexParams({ indexType: "IVF_FLAT", metric: "IP", nlist: 1024, … }) */
export function indexParams(o: IndexOptions): { index_type: IndexType; metric_type: Metric; params: Record<string, number> } {
  const params: Record<string, number> =
    o.indexType === "IVF_FLAT" ? { nlist: o.nlist } : o.indexType === "HNSW" ? { M: o.hnswM, efConstruction: o.hnswEfConstruction } : {};
  return { index_type: o.indexType, metric_type: o.metric, params };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Milvus names: a letter or underscore, then letters, digits, underscores; at most 255. */
export function checkName(option: string, name: string): void {
  if (!NAME.test(name) || name.length > 200) {
    throw new UserError(`sink.milvus ${option} "${name}" is not a valid Milvus name: start with a letter or _, then letters, digits or _ (at most 200)`);
  }
}

/** The collection a run creates behind `alias`. @example versionedName("items", 1700000000000) // "items_v1700000000000" */
export function versionedName(alias: string, now: number): string {
  return `${alias}_v${now}`;
}

/** Whether `name` is a collection some run of this sink created behind `alias`. */
export function isVersionOf(alias: string, name: string): boolean {
  return name.startsWith(`${alias}_v`) && /^\d+$/.test(name.slice(alias.length + 2));
}

/** Rows per insert so one request carries at most `maxBytes` of vectors (gRPC's default limit is 64 MiB). */
export function rowsPerInsert(dim: number, maxBytes = 8 << 20): number {
  return Math.max(1, Math.floor(maxBytes / (dim * 4 + 8)));
}
