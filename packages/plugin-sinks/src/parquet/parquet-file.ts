/**
 * Streams row groups into a parquet file with hyparquet-writer's ParquetWriter, so a large artifact
 * is encoded a chunk at a time (nested lists as JS objects would not fit in memory at once).
 */
import { fileWriter, ParquetWriter, type ColumnSource, type SchemaElement } from "hyparquet-writer";

export interface ParquetFileOptions {
  codec: "SNAPPY" | "UNCOMPRESSED";
  /** Rows per row group within each chunk. */
  rowGroupSize: number;
}

/**
 * Writes `chunks` (each a full set of columns for consecutive rows) under one schema.
 * @example await writeParquetFile("a.parquet", [{ name: "root", num_children: 1 }, el], [[{ name: "x", data: xs }]], opts)
 */
export async function writeParquetFile(path: string, schema: SchemaElement[], chunks: Iterable<ColumnSource[]>, o: ParquetFileOptions): Promise<void> {
  const pq = new ParquetWriter({ writer: fileWriter(path), schema, codec: o.codec });
  for (const columnData of chunks) await pq.write({ columnData, rowGroupSize: o.rowGroupSize });
  await pq.finish();
}

/** The root element heading a schema of `children` top-level columns. */
export function root(children: number): SchemaElement {
  return { name: "root", num_children: children };
}
