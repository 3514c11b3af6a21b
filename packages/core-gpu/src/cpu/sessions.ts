/**
 * onnxruntime sessions for the matmul graphs, one per structure (transposes, bias, ReLU,
 * batched), created on first use and reused for every shape thanks to symbolic dimensions.
 */
import * as ort from "onnxruntime-node";
import { matmulModel, type MatmulGraphKey } from "./onnx-model.ts";

/** A cache of sessions keyed by graph structure, all with the same thread count. */
export class SessionCache {
  private sessions = new Map<string, Promise<ort.InferenceSession>>();

  constructor(readonly threads: number) {}

  /**
   * The session for a structure (created once).
   * @example
   * const s = await cache.get({ batched: false, transA: false, transB: true, bias: false, relu: false });
   */
  get(key: MatmulGraphKey): Promise<ort.InferenceSession> {
    const id = `${+key.batched}${+key.transA}${+key.transB}${+key.bias}${+key.relu}`;
    let s = this.sessions.get(id);
    if (!s) {
      s = ort.InferenceSession.create(matmulModel(key), {
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
      });
      this.sessions.set(id, s);
    }
    return s;
  }

  /** Releases every session. */
  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).release();
  }
}

/**
 * Runs C = op(A)·op(B) (+bias) (ReLU) on one session, writing into `out` (ORT fills the
 * pre-allocated fetch). Dims: A is [..lead, rows, cols] as stored, likewise B; C is [..lead, m, n].
 * @example
 * await runMatmul(session, a, [m, k], b, [k, n], undefined, out, [m, n]);
 */
export async function runMatmul(
  session: ort.InferenceSession,
  a: Float32Array, aDims: number[], b: Float32Array, bDims: number[],
  bias: Float32Array | undefined, out: Float32Array, outDims: number[],
): Promise<void> {
  const feeds: Record<string, ort.Tensor> = {
    A: new ort.Tensor("float32", a, aDims),
    B: new ort.Tensor("float32", b, bDims),
  };
  if (bias) feeds.bias = new ort.Tensor("float32", bias, [bias.length]);
  // The binding writes into the pre-allocated fetch (the conformance suite poisons `out` to prove
  // it); the array it returns is a second copy we do not need.
  await session.run(feeds, { C: new ort.Tensor("float32", out, outDims) });
}
