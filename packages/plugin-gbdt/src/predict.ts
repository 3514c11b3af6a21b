/**
 * The predictor over raw feature values: walks each tree's flat arrays for a block of rows at a
 * time (tree-major inside a block keeps one tree's arrays in cache while its rows stream by;
 * predict-rows.ts), on the calling thread for small inputs and over worker threads for large ones
 * (predict-parallel.ts) — the same bits either way.
 */
import type { GbdtModel } from "./model.ts";
import { predictThreads, scoreParallel, type PredictOptions } from "./predict-parallel.ts";
import { BLOCK, scoreRows } from "./predict-rows.ts";

export type { PredictOptions } from "./predict-parallel.ts";

/**
 * Raw margins (baseScore + sum of leaf values) for every row of `columns` (one Float32Array per
 * model feature, in `model.featureNames` order; NaN = missing). Rows go through in blocks copied
 * to row-major order, so a tree walk reads one small array that stays in cache. Large inputs are
 * split across `options.threads` threads (default SHORTLIST_THREADS, else the cores).
 * @example
 * const margin = predictRaw(model, [age, price]); // Float64Array, one per row
 */
export function predictRaw(model: GbdtModel, columns: Float32Array[], options: PredictOptions = {}): Float64Array {
  const nf = model.featureNames.length;
  if (columns.length !== nf) {
    throw new Error(`predictRaw: the model has ${nf} features (${model.featureNames.join(", ")}) but ${columns.length} columns were given`);
  }
  const n = columns[0]?.length ?? 0;
  columns.forEach((c, f) => { if (c.length !== n) throw new Error(`predictRaw: column ${model.featureNames[f]} has ${c.length} rows, column ${model.featureNames[0]} has ${n}`); });
  const threads = predictThreads(n, model.trees, options);
  if (threads > 1) return scoreParallel(model.trees, model.baseScore, columns, n, threads, options);
  const out = new Float64Array(n);
  scoreRows(model.trees, model.baseScore, columns, 0, n, out, new Float32Array(BLOCK * Math.max(1, nf)));
  return out;
}

/**
 * Predictions on the objective's scale: probabilities for binary, the raw margin otherwise.
 * @example
 * const p = predictProba(model, columns); // binary → values in (0, 1)
 */
export function predictProba(model: GbdtModel, columns: Float32Array[], options: PredictOptions = {}): Float64Array {
  const out = predictRaw(model, columns, options);
  if (model.objective === "binary") for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-out[i]!));
  return out;
}
