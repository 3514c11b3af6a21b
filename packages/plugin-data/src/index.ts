/**
 * @shortlist/plugin-data: where every pipeline's data comes from.
 *  - sources: data.movielens (real folders or "synthetic"), data.table (parquet / CSV),
 *    data.synthetic.movielens, data.synthetic.aliccp
 *  - data.features: splits, train-only features, vocabularies, sequences, samples
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-data"]
 * // stages:
 * //   - use: data.movielens
 * //     with: { path: ../shared/data/ml-100k }
 * //   - use: data.features
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { features } from "./features/stage.ts";
import { movielens } from "./movielens/stage.ts";
import { syntheticAliCcp } from "./synthetic/aliccp-stage.ts";
import { syntheticMovieLens } from "./synthetic/movielens-stage.ts";
import { dataTable } from "./table/stage.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: {
    "data.movielens": movielens,
    "data.table": dataTable,
    "data.synthetic.movielens": syntheticMovieLens,
    "data.synthetic.aliccp": syntheticAliCcp,
    "data.features": features,
  },
});
