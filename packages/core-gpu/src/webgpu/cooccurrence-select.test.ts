import { describe, expect, test } from "bun:test";
import { referenceCooccurrenceTopN } from "../reference/cooccurrence.ts";
import type { Csr } from "../types.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { transformExpr } from "./cooccurrence-select.ts";
import { expectSameTopK, GPU_TEST_TIMEOUT, randomCsr, seededRandom } from "./test-support.ts";

const rand = seededRandom(91);
const gpus = useGpuBackends({ gpu: {} });

describe("co-occurrence selection", () => {
  test("each transform's WGSL follows its PairTransform formula", () => {
    expect(transformExpr("none")).toBe("c");
    expect(transformExpr("cosine")).toBe("c / (ri * rj + u.shrink)");
    expect(transformExpr("jaccard")).toBe("c / (ri + rj - c + u.shrink)");
    expect(transformExpr("asymmetric")).toContain("powJs(rj, 1.0 - u.alpha)");
  });

  test("asymmetric keeps Math.pow's edge cases: x^0 = 1 and 0^y = 0 (WGSL's pow gives NaN)", async () => {
    const x: Csr = randomCsr(rand, 30, 8, 0.5);
    const rowStat = Float32Array.from([0, 1, 2, 0, 3, 1, 0.5, 4]);
    for (const alpha of [0, 1, 0.5]) {
      const o = { topN: 4, transform: { kind: "asymmetric" as const, rowStat, alpha, shrink: 1 } };
      expectSameTopK(await gpus.gpu.cooccurrenceTopN(x, o), referenceCooccurrenceTopN(x, o), 1e-5, { tailTies: true });
    }
  }, GPU_TEST_TIMEOUT);

  test("division by zero follows IEEE: ±Infinity is a score, NaN is dropped", async () => {
    // cosine with zero stats and no shrink: c/0 = +Infinity for every co-occurring pair.
    const x: Csr = { rows: 2, cols: 3, indptr: Int32Array.from([0, 2, 4]), indices: Int32Array.from([0, 1, 1, 2]) };
    const o = { topN: 2, transform: { kind: "cosine" as const, rowStat: new Float32Array(3) } };
    const top = await gpus.gpu.cooccurrenceTopN(x, o);
    expect(top).toEqual(referenceCooccurrenceTopN(x, o));
    expect(top.scores[0]).toBe(Infinity);
  }, GPU_TEST_TIMEOUT);
});
