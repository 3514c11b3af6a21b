/**
 * Gradients: dense tensors, or row-sparse ones for embedding tables (only the rows a batch
 * touched, as host ids plus a [rows, dim] tensor), so an optimiser updates just those rows.
 */
import type { Tensor } from "../tensor/tensor.ts";

export class RowSparse {
  constructor(
    /** Shape of the dense tensor this is the gradient of ([N, D]). */
    readonly shape: readonly number[],
    /** Unique row ids, ascending (host copy). */
    readonly rows: Int32Array,
    /** The same ids on the engine, i32 [U]. */
    readonly rowsT: Tensor,
    /** Gradient rows, f32 [U, D], in `rows` order. */
    readonly values: Tensor,
  ) {}
}

export type Grad = Tensor | RowSparse;

/** True for a row-sparse gradient. */
export function isRowSparse(g: Grad): g is RowSparse {
  return g instanceof RowSparse;
}
