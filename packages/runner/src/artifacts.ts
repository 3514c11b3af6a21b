/**
 * Artifacts are what one stage hands the next. Four kinds:
 *  - table:  named columns of equal length (typed arrays or string arrays), plus optional list
 *            columns (`lists`, int32 lists per row); persisted as parquet (lists as LIST columns)
 *  - matrix: a dense rows×cols f32 matrix (embeddings); persisted as a raw little-endian file
 *  - blob:   opaque bytes with an extension (an ONNX model); persisted as is
 *  - json:   a small JSON value (vocabularies, parameters); persisted as .json
 * Ragged data (neighbour lists, recommendation lists) is stored long-form in a table, sorted by key.
 */
import type { Int32Lists } from "./list-column.ts";

export * from "./list-column.ts";

export type Column =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Uint8Array
  | string[];

export interface Table {
  kind: "table";
  length: number;
  columns: Record<string, Column>;
  /**
   * Columns whose rows are lists (a user's recent items), apart from `columns` so that code reading
   * flat columns never meets one it cannot index; sinks write them as lists (parquet LIST, BSON array).
   */
  lists?: Record<string, Int32Lists>;
}
export interface Matrix {
  kind: "matrix";
  rows: number;
  cols: number;
  data: Float32Array;
}
export interface BlobArtifact {
  kind: "blob";
  ext: string;
  bytes: Uint8Array;
}
export interface JsonArtifact {
  kind: "json";
  value: unknown;
}
export type Artifact = Table | Matrix | BlobArtifact | JsonArtifact;
export type ArtifactKind = Artifact["kind"];

/**
 * Builds a table, checking that every column (and list column) has the same length.
 * @example table({ user: new Int32Array([1, 2]), item: new Int32Array([7, 9]) })
 * @example table({ user: new Int32Array([1, 2]) }, { recent_items: int32Lists([[7, 9], []]) })
 */
export function table(columns: Record<string, Column>, lists?: Record<string, Int32Lists>): Table {
  let length = -1;
  for (const [name, col] of [...Object.entries(columns), ...Object.entries(lists ?? {})]) {
    if (length === -1) length = col.length;
    else if (col.length !== length) {
      throw new Error(`table column "${name}" has ${col.length} rows, expected ${length} like the others`);
    }
  }
  return lists && Object.keys(lists).length > 0 ? { kind: "table", length: Math.max(length, 0), columns, lists } : { kind: "table", length: Math.max(length, 0), columns };
}

/** @example matrix(2, 3, new Float32Array(6)) */
export function matrix(rows: number, cols: number, data: Float32Array): Matrix {
  if (data.length !== rows * cols) throw new Error(`matrix data has ${data.length} values, expected ${rows}×${cols}`);
  return { kind: "matrix", rows, cols, data };
}

export function blob(bytes: Uint8Array, ext: string): BlobArtifact {
  return { kind: "blob", ext, bytes };
}

export function json(value: unknown): JsonArtifact {
  return { kind: "json", value };
}

/** Returns column `name` of `t`, or throws an error naming the missing column and the ones present. */
export function column<C extends Column = Column>(t: Table, name: string, artifactName = "table"): C {
  const c = t.columns[name];
  if (!c) throw new Error(`${artifactName} has no column "${name}" (columns: ${Object.keys(t.columns).join(", ")})`);
  return c as C;
}
