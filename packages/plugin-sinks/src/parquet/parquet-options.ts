import { z } from "zod";
import { DEFAULT_ARTIFACTS } from "../artifact-names.ts";

/** Options of sink.parquet: the only place they are documented (`shortlist plugins` prints them). */
export const parquetOptions = z.object({
  artifacts: z.array(z.string())
    .default([...DEFAULT_ARTIFACTS.lists, ...DEFAULT_ARTIFACTS.features, ...DEFAULT_ARTIFACTS.embeddings])
    .describe('Artifacts to export; a trailing "?" skips one no earlier stage produced. Tables and matrices become .parquet, json .json, blobs keep their extension'),
  dir: z.string().optional()
    .describe("Folder for the files, relative to the pipeline file; default: export/ in the run directory"),
  listShape: z.enum(["flat", "metaspore"]).default("flat")
    .describe("recs.* and i2i.*: flat (one row per list entry, as stored) or metaspore (one row per key: key, value: [{_1: id, _2: score}])"),
  idField: z.string().min(1).default("_1").describe('Name of the id in a metaspore list entry (MetaSpore\'s matchers read "_1")'),
  scoreField: z.string().min(1).default("_2").describe('Name of the score in a metaspore list entry (MetaSpore\'s matchers read "_2")'),
  codec: z.enum(["SNAPPY", "UNCOMPRESSED"]).default("SNAPPY").describe("Parquet page compression"),
  rowGroupSize: z.number().int().min(1).default(100_000).describe("Rows per parquet row group"),
});

export type ParquetOptions = z.output<typeof parquetOptions>;
