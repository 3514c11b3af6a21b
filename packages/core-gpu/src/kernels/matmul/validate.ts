/**
 * Input checks of the "Matmul" kernel, shared by every implementation: ranks, dtypes, inner
 * dimensions, batch sizes and the bias, each error naming the kernel and every shape involved.
 */
import { shapeText, type Tensor } from "../../tensor/tensor.ts";

export interface MatmulAttrs {
  /** a is stored [K, M] (per batch) and used transposed. */
  transA?: boolean;
  /** b is stored [N, K] (per batch) and used transposed. */
  transB?: boolean;
}

/** The product's dimensions: `batch` is 1 for 2-D operands. */
export interface MatmulDims {
  batch: number;
  m: number;
  n: number;
  k: number;
}

/**
 * The dimensions of op(A)·op(B) for rank-2 or rank-3 (batched) operands.
 * @example
 * matmulDims([3, 4], [4, 2], {}); // { batch: 1, m: 3, n: 2, k: 4 }
 */
export function matmulDims(a: readonly number[], b: readonly number[], attrs: MatmulAttrs): MatmulDims {
  const batched = a.length === 3;
  const [ar, ac] = a.slice(-2) as [number, number];
  const [br, bc] = b.slice(-2) as [number, number];
  const [m, ka] = attrs.transA ? [ac, ar] : [ar, ac];
  const [kb, n] = attrs.transB ? [bc, br] : [br, bc];
  return { batch: batched ? a[0]! : 1, m, n, k: ka === kb ? ka : -1 };
}

/**
 * Throws a RangeError naming "Matmul" when the inputs do not form a product.
 * @example
 * validateMatmul([a, b], { transB: true });
 */
export function validateMatmul(inputs: readonly Tensor[], attrs: MatmulAttrs): void {
  if (inputs.length !== 2 && inputs.length !== 3) throw new RangeError(`Matmul: found ${inputs.length} inputs, expected [a, b] or [a, b, bias]`);
  for (const key of ["transA", "transB"] as const) {
    const v = attrs[key];
    if (v !== undefined && typeof v !== "boolean") throw new RangeError(`Matmul: attribute ${key} is ${String(v)}, expected a boolean`);
  }
  const [a, b, bias] = inputs as [Tensor, Tensor, Tensor?];
  const both = `a ${shapeText(a.shape)} and b ${shapeText(b.shape)}`;
  for (const [name, t] of [["a", a], ["b", b], ["bias", bias]] as const) {
    if (t && t.dtype !== "f32") throw new RangeError(`Matmul: ${name} ${shapeText(t.shape)} is ${t.dtype}, expected f32`);
  }
  if (a.rank < 2 || a.rank > 3 || a.rank !== b.rank) throw new RangeError(`Matmul: ${both}: expected two rank-2 or two rank-3 (batched) operands`);
  if (a.rank === 3 && a.shape[0] !== b.shape[0]) throw new RangeError(`Matmul: ${both}: batch sizes ${a.shape[0]} and ${b.shape[0]} differ`);
  const ka = attrs.transA ? a.shape[a.rank - 2] : a.shape[a.rank - 1];
  const kb = attrs.transB ? b.shape[b.rank - 1] : b.shape[b.rank - 2];
  if (ka !== kb) throw new RangeError(`Matmul: ${both}${flagText(attrs)}: inner dimensions ${ka} and ${kb} differ`);
  if (!bias) return;
  if (a.rank === 3) throw new RangeError(`Matmul: ${both} are batched: a bias ${shapeText(bias.shape)} is only allowed for 2-D products`);
  const { n } = matmulDims(a.shape, b.shape, attrs);
  if (bias.rank !== 1 || bias.shape[0] !== n) throw new RangeError(`Matmul: ${both}${flagText(attrs)} give ${n} columns: bias ${shapeText(bias.shape)} must be [${n}]`);
}

function flagText(attrs: MatmulAttrs): string {
  const flags = [attrs.transA && "transA", attrs.transB && "transB"].filter(Boolean);
  return flags.length ? ` (${flags.join(", ")})` : "";
}
