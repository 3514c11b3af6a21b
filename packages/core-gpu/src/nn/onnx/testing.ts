/**
 * Test helpers: run a built graph in onnxruntime-node, pad ragged bags, compare with a reference.
 */
import * as ort from "onnxruntime-node";
import { createRng, randomMatrix, type Rng } from "../../testing/random.ts";
import type { OnnxGraph } from "./graph.ts";
import type { Mat } from "./reference.ts";

export { createRng, randomMatrix, type Rng };

/** A feed: float32 / int64 data with dims. */
export type Feed = { data: Float32Array | BigInt64Array; dims: number[] };

/**
 * Loads the graph into a fresh session and runs it once; returns every output's data.
 * @example
 * const out = await runGraph(g, { x: { data: x, dims: [2, 4] } });
 */
export async function runGraph(g: OnnxGraph, feeds: Record<string, Feed>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(g.toBytes(), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [k, f] of Object.entries(feeds)) inputs[k] = new ort.Tensor(f.data instanceof Float32Array ? "float32" : "int64", f.data, f.dims);
    const out = await session.run(inputs);
    const res: Record<string, Float32Array> = {};
    for (const [k, t] of Object.entries(out)) res[k] = t.data as Float32Array;
    return res;
  } finally {
    await session.release();
  }
}

/**
 * The first index where |got − want| > 1e-5·max(1, |want|) (or a NaN appears), as a message; null when all match.
 * @example
 * expect(mismatch(out.y!, ref)).toBeNull();
 */
export function mismatch(got: Float32Array, want: Mat): string | null {
  if (got.length !== want.data.length) return `length ${got.length}, expected ${want.data.length}`;
  for (let i = 0; i < got.length; i++) {
    const a = got[i]!, b = want.data[i]!;
    if (!(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)))) return `at [${Math.floor(i / want.cols)}, ${i % want.cols}]: got ${a}, expected ${b}`;
  }
  return null;
}

/**
 * Pads ragged bags to [B, L] (L = longest bag, at least 1): padding id 0, weight 0.
 * @example
 * const { ids, weights, len } = padBags([[3, 1], []], [[1, 1], []]);
 */
export function padBags(bags: number[][], weights: number[][]): { ids: BigInt64Array; weights: Float32Array; len: number } {
  const len = Math.max(1, ...bags.map((b) => b.length));
  const ids = new BigInt64Array(bags.length * len);
  const w = new Float32Array(bags.length * len);
  bags.forEach((bag, r) => bag.forEach((id, l) => { ids[r * len + l] = BigInt(id); w[r * len + l] = weights[r]![l]!; }));
  return { ids, weights: w, len };
}

/**
 * Random ragged bags: lengths in [0, maxLen], row 0 always empty; weights 1 or random positive.
 * @example
 * const { bags, weights } = randomBags(rng, 37, 5, 100, true);
 */
export function randomBags(rng: Rng, n: number, maxLen: number, rows: number, weighted: boolean): { bags: number[][]; weights: number[][] } {
  const bags: number[][] = [];
  const weights: number[][] = [];
  for (let r = 0; r < n; r++) {
    const len = r === 0 ? 0 : rng.int(maxLen + 1);
    bags.push(Array.from({ length: len }, () => rng.int(rows)));
    weights.push(Array.from({ length: len }, () => (weighted ? Math.fround(0.1 + rng.next()) : 1)));
  }
  return { bags, weights };
}

/** Xavier-scaled random weights [inDim, outDim] and bias. @example randomLayer(rng, 8, 4) */
export function randomLayer(rng: Rng, inDim: number, outDim: number) {
  const s = 1 / Math.sqrt(inDim);
  return { weight: randomMatrix(rng, inDim * outDim, -s, s), bias: randomMatrix(rng, outDim, -0.1, 0.1), inDim, outDim };
}
