/**
 * Input checks of the embedding kernels. They see shapes and dtypes only: ids live on the
 * device, so ids out of range are caught by the CPU and reference implementations (RangeError
 * naming the id, its position and the table's row count, before anything is written) and read
 * as zero rows / skipped on WebGPU (the nn layer checks host ids before upload).
 */
import { shapeText, type Tensor } from "../../tensor/tensor.ts";

export interface EmbeddingBagAttrs {
  /** "sum" pools the (weighted) rows; "mean" divides that sum by the bag's id count. */
  mode: "sum" | "mean";
}

function expect(kernel: string, what: string, t: Tensor | undefined, dtype: "f32" | "i32", rank: number): Tensor {
  if (!t) throw new RangeError(`${kernel}: ${what} is missing`);
  if (t.dtype !== dtype || t.rank !== rank) {
    throw new RangeError(`${kernel}: ${what} ${shapeText(t.shape)} is ${t.dtype} of rank ${t.rank}, expected ${dtype} of rank ${rank}`);
  }
  return t;
}

function count(kernel: string, inputs: readonly Tensor[], ...allowed: number[]): void {
  if (!allowed.includes(inputs.length)) throw new RangeError(`${kernel}: found ${inputs.length} inputs, expected ${allowed.join(" or ")}`);
}

/**
 * Gather: [table f32 [N, D], ids i32 [B]].
 * @example
 * validateGather([table, ids]);
 */
export function validateGather(inputs: readonly Tensor[]): void {
  count("Gather", inputs, 2);
  expect("Gather", "table", inputs[0], "f32", 2);
  expect("Gather", "ids", inputs[1], "i32", 1);
}

/**
 * ScatterAdd: [target f32 [N, D], ids i32 [B], src f32 [B, D]] (src must not be target).
 * @example
 * validateScatterAdd([target, ids, src]);
 */
export function validateScatterAdd(inputs: readonly Tensor[]): void {
  count("ScatterAdd", inputs, 3);
  const target = expect("ScatterAdd", "target", inputs[0], "f32", 2);
  const ids = expect("ScatterAdd", "ids", inputs[1], "i32", 1);
  const src = expect("ScatterAdd", "src", inputs[2], "f32", 2);
  if (src.shape[0] !== ids.shape[0] || src.shape[1] !== target.shape[1]) {
    throw new RangeError(`ScatterAdd: target ${shapeText(target.shape)}, ids ${shapeText(ids.shape)} and src ${shapeText(src.shape)}: expected src [${ids.shape[0]}, ${target.shape[1]}]`);
  }
  if (src === target) throw new RangeError("ScatterAdd: src and target are the same tensor");
}

/**
 * EmbeddingBag: [table f32 [N, D], ids i32 [nnz], offsets i32 [nBags + 1], weights f32 [nnz]?].
 * @example
 * validateEmbeddingBag([table, ids, offsets], { mode: "sum" });
 */
export function validateEmbeddingBag(inputs: readonly Tensor[], attrs: EmbeddingBagAttrs): void {
  count("EmbeddingBag", inputs, 3, 4);
  const table = expect("EmbeddingBag", "table", inputs[0], "f32", 2);
  const ids = expect("EmbeddingBag", "ids", inputs[1], "i32", 1);
  const offsets = expect("EmbeddingBag", "offsets", inputs[2], "i32", 1);
  if (offsets.size < 1) throw new RangeError(`EmbeddingBag: offsets ${shapeText(offsets.shape)} is empty, expected nBags + 1 entries`);
  const weights = inputs[3];
  if (weights) {
    expect("EmbeddingBag", "weights", weights, "f32", 1);
    if (weights.size !== ids.size) {
      throw new RangeError(`EmbeddingBag: weights ${shapeText(weights.shape)} and ids ${shapeText(ids.shape)}: expected one weight per id`);
    }
  }
  if (attrs?.mode !== "sum" && attrs?.mode !== "mean") {
    throw new RangeError(`EmbeddingBag: mode ${JSON.stringify(attrs?.mode)} with table ${shapeText(table.shape)}, expected "sum" or "mean"`);
  }
}

/**
 * Host-side check of ids against the table's row count (CPU and reference engines): throws
 * naming the first bad id and its position. `kernel`/`what` name the caller in the message.
 * @example
 * checkIds("Gather", "ids", new Int32Array([0, 5]), 3); // RangeError: ids[1] = 5 is outside [0, 3)
 */
export function checkIds(kernel: string, what: string, ids: ArrayLike<number>, rows: number): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!(id >= 0 && id < rows)) throw new RangeError(`${kernel}: ${what}[${i}] = ${id} is outside [0, ${rows}) (the table has N = ${rows} rows)`);
  }
}

/**
 * Host-side check of EmbeddingBag offsets: non-decreasing, within [0, nnz] (as the one-shot API).
 * @example
 * checkOffsets(new Int32Array([0, 2, 2]), 3); // no throw
 */
export function checkOffsets(offsets: ArrayLike<number>, nnz: number): void {
  for (let b = 0; b < offsets.length; b++) {
    const o = offsets[b]!;
    const prev = b === 0 ? 0 : offsets[b - 1]!;
    if (o < prev || o > nnz) throw new RangeError(`EmbeddingBag: offsets[${b}] = ${o}, expected non-decreasing offsets in [0, ${nnz}]`);
  }
}
