/**
 * The kernel families every backend implements with the same signatures and the same results
 * (up to float rounding: relative error ≤ 1e-5 for sums, exact indices up to ties).
 *
 * All inputs are plain typed arrays in row-major order; the backend uploads/downloads as needed.
 * Outputs are freshly allocated unless an `out` array is passed.
 */

/** A CSR sparse matrix: row r holds columns indices[indptr[r]..indptr[r+1]) with optional values. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array; // length rows + 1
  indices: Int32Array; // length nnz, sorted ascending within each row, no duplicates
  values?: Float32Array; // length nnz; absent means all ones
}

/**
 * Per-row top-K result: ids[r*k + t], scores[r*k + t]; sorted by score descending, ties by lower id. Missing slots hold id -1 and score -Infinity.
 * NaN scores are never selected (as if excluded); -Infinity scores are ordinary candidates. See src/reference/topk.ts.
 */
export interface TopK {
  rows: number;
  k: number;
  ids: Int32Array;
  scores: Float32Array;
}

export interface MatmulOptions {
  /** C is m×n; op(A) is m×k; op(B) is k×n. */
  m: number;
  n: number;
  k: number;
  /** A is stored k×m (so op(A) = Aᵀ). */
  transA?: boolean;
  /** B is stored n×k (so op(B) = Bᵀ). */
  transB?: boolean;
  /** Number of independent products stacked contiguously in A, B and C (default 1). */
  batch?: number;
  /** Length n, added to every row of C. */
  bias?: Float32Array;
  relu?: boolean;
  out?: Float32Array;
}

/**
 * How a raw co-occurrence c(i,j) = Σ_u w_u·x_ui·x_uj becomes a similarity score.
 * `rowStat[i]` is a per-item statistic the caller computes (a norm, a count, …).
 *  - none:        s = c
 *  - cosine:      s = c / (rowStat[i]·rowStat[j] + shrink)          (rowStat = √Σ_u w_u·x_ui²)
 *  - jaccard:     s = c / (rowStat[i] + rowStat[j] − c + shrink)     (rowStat = Σ_u w_u·x_ui)
 *  - asymmetric:  s = c / (rowStat[i]^alpha · rowStat[j]^(1−alpha) + shrink)   (rowStat = Σ_u w_u·x_ui²)
 */
export type PairTransform =
  | { kind: "none" }
  | { kind: "cosine"; rowStat: Float32Array; shrink?: number }
  | { kind: "jaccard"; rowStat: Float32Array; shrink?: number }
  | { kind: "asymmetric"; rowStat: Float32Array; alpha: number; shrink?: number };

export interface CooccurrenceOptions {
  /** Neighbours kept per item (top-N by transformed score, ties by lower item id). */
  topN: number;
  /** Per-user (per-row of the CSR) weight w_u; default 1. */
  rowWeights?: Float32Array;
  transform?: PairTransform;
  /** Pairs whose unweighted co-count (number of shared users) is below this are dropped. Default 1; values below 1 act as 1 (items that never co-occur are never neighbours). */
  minCount?: number;
  /** Items per block: bounds memory to blockItems × nItems accumulators. Backend picks if absent. */
  blockItems?: number;
  /**
   * A key object standing for this call's input: later calls with the same key — which promise the
   * same `x` and options, only `items` differing — reuse the item-major transpose and statistics
   * the first call built (CPU backend), so a worker computing many item ranges of one input pays
   * for them once (~0.25 s at 10 M ratings). Held weakly: dropping the key frees them.
   */
  reuse?: object;
  /**
   * Computes only the lists of dense items from ≤ i < to (a shard of the catalogue): the result
   * has to − from rows, row r being item from + r, each identical to that item's row of the full
   * call (every list depends on the whole input, never on the range). Default: every item.
   */
  items?: { from: number; to: number };
  /** Called after each block with (itemsDone, itemsToDo): itemsToDo is nItems, or to − from with `items`. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Cancels the call. Aborting rejects with the signal's reason (between blocks on the main
   * thread, at once when workers run) and leaves the backend usable.
   * On WebGPU the signal is checked between GPU submissions.
   */
  signal?: AbortSignal;
}

export interface EmbeddingBagOptions {
  mode: "sum" | "mean";
  /** Optional per-id weight (same length as ids). "mean" divides the weighted sum by the number of ids in the bag. */
  weights?: Float32Array;
}

export interface Backend {
  readonly name: "cpu" | "webgpu";
  /** Human-readable adapter description, e.g. "llvmpipe (lavapipe)" or "CPU: onnxruntime MLAS, 2 threads". */
  readonly adapter: string;

  /** C = op(A)·op(B) (+bias) (ReLU), f32. */
  matmul(a: Float32Array, b: Float32Array, o: MatmulOptions): Promise<Float32Array>;

  /** out[r] = table[ids[r]] (rows of width dim). Ids out of range throw a RangeError. */
  gather(table: Float32Array, dim: number, ids: Int32Array): Promise<Float32Array>;
  /** EmbeddingBag: bag b pools table rows ids[offsets[b]..offsets[b+1]); empty bags give zeros. offsets has nBags+1 entries. */
  embeddingBag(table: Float32Array, dim: number, ids: Int32Array, offsets: Int32Array, o: EmbeddingBagOptions): Promise<Float32Array>;
  /** Backward of gather: target[ids[r]] += grad[r] (in place; duplicates accumulate); only touched rows change. */
  scatterAdd(target: Float32Array, dim: number, ids: Int32Array, grad: Float32Array): Promise<void>;

  /** Dense item×item co-occurrence CᵀC (Σ_u w_u x_ui x_uj), n_cols×n_cols, diagonal included. For small catalogues. */
  cooccurrenceDense(x: Csr, rowWeights?: Float32Array): Promise<Float32Array>;
  /** Blockwise co-occurrence fused with per-item top-N (self pairs excluded); memory bounded by the block. */
  cooccurrenceTopN(x: Csr, o: CooccurrenceOptions): Promise<TopK>;

  /** Per-row top-K of a rows×cols score matrix; `exclude` (rows×cols CSR) removes entries (e.g. seen items). */
  topK(scores: Float32Array, rows: number, cols: number, k: number, exclude?: Csr): Promise<TopK>;
  /** Fused scores = Q·Kᵀ then per-row top-K, computed block by block (never materialises nq×nk). */
  scoreTopK(q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number, k: number, exclude?: Csr): Promise<TopK>;

  /** Releases device/sessions/workers. The backend is unusable afterwards. */
  dispose(): Promise<void>;
}

export type BackendChoice = "auto" | "cpu" | "webgpu";
