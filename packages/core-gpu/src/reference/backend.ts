/** The reference backend: every kernel as a plain loop, the yardstick the conformance suite uses. */
import type { Backend } from "../types.ts";
import { referenceCooccurrenceDense, referenceCooccurrenceTopN } from "./cooccurrence.ts";
import { referenceEmbeddingBag, referenceGather, referenceScatterAdd } from "./embedding.ts";
import { referenceMatmul } from "./matmul.ts";
import { referenceScoreTopK, referenceTopK } from "./topk.ts";

/**
 * A Backend whose kernels are naive, obviously-correct loops (O(n²) memory for co-occurrence):
 * for tests and tiny inputs only. It reports itself as "cpu".
 * @example
 * const ref = referenceBackend();
 * await ref.matmul(a, b, { m: 2, n: 2, k: 3 });
 */
export function referenceBackend(): Backend {
  return {
    name: "cpu",
    adapter: "reference (plain TypeScript loops)",
    matmul: async (a, b, o) => referenceMatmul(a, b, o),
    gather: async (table, dim, ids) => referenceGather(table, dim, ids),
    embeddingBag: async (table, dim, ids, offsets, o) => referenceEmbeddingBag(table, dim, ids, offsets, o),
    scatterAdd: async (target, dim, ids, grad) => referenceScatterAdd(target, dim, ids, grad),
    cooccurrenceDense: async (x, w) => referenceCooccurrenceDense(x, w),
    cooccurrenceTopN: async (x, o) => referenceCooccurrenceTopN(x, o),
    topK: async (scores, rows, cols, k, exclude) => referenceTopK(scores, rows, cols, k, exclude),
    scoreTopK: async (q, nq, keys, nk, dim, k, exclude) => referenceScoreTopK(q, nq, keys, nk, dim, k, exclude),
    dispose: async () => {},
  };
}
