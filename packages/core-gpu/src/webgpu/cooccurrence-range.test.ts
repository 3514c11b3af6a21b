import { describe, expect, test } from "bun:test";
import { referenceCooccurrenceTopN } from "../reference/cooccurrence.ts";
import { itemRanges, topKRows } from "../swing/testing.ts";
import { suiteSeed } from "../testing/random.ts";
import type { CooccurrenceOptions, Csr } from "../types.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { expectSameTopK, GPU_TEST_TIMEOUT, randomCsr, randomFloats, seededRandom } from "./test-support.ts";

const seed = suiteSeed();
const rand = seededRandom(seed);
// Outputs poisoned (useGpuBackends' default); split: small bindings, so item blocks and column spans split.
const gpus = useGpuBackends({ gpu: {}, split: { maxBindingBytes: 512, maxWorkgroupsPerDim: 3 } });

/** x with items [gapAt, …) moved up by `gap`: a catalogue whose items [gapAt, gapAt + gap) have no entries. */
function withGap(x: Csr, gapAt: number, gap: number): Csr {
  return { ...x, cols: x.cols + gap, indices: x.indices.map((j) => (j >= gapAt ? j + gap : j)) };
}

/** Every range of `x` on `backend` against the reference's full rows, and the progress it reports. */
async function checkRanges(name: "gpu" | "split", x: Csr, o: CooccurrenceOptions): Promise<void> {
  const full = referenceCooccurrenceTopN(x, o);
  for (const r of itemRanges(rand, x.cols)) {
    const seen: Array<[number, number]> = [];
    const got = await gpus[name].cooccurrenceTopN(x, { ...o, items: r, onProgress: (d, t) => seen.push([d, t]) });
    expectSameTopK(got, topKRows(full, r.from, r.to));
    expect(seen.at(-1)).toEqual([r.to - r.from, r.to - r.from]);
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0])).toBe(true);
  }
}

describe(`webgpu cooccurrenceTopN over an item range (seed ${seed})`, () => {
  test("one block (the symmetric path when whole), with weights, a transform and minCount", async () => {
    const x = randomCsr(rand, 60, 40, 0.15);
    const rowWeights = randomFloats(rand, 60, 0.5, 2);
    await checkRanges("gpu", x, { topN: 5, rowWeights, transform: { kind: "cosine", rowStat: randomFloats(rand, 40, 0.5, 3), shrink: 0.5 } });
    await checkRanges("gpu", { ...x, values: undefined }, { topN: 4, minCount: 2 });
  }, GPU_TEST_TIMEOUT);

  test("items without entries (compacted) inside and around the range, small blocks", async () => {
    const x = withGap(randomCsr(rand, 50, 36, 0.15), 18, 25);
    await checkRanges("gpu", x, { topN: 4, blockItems: 5, transform: { kind: "jaccard", rowStat: randomFloats(rand, x.cols, 20, 30) } });
  }, GPU_TEST_TIMEOUT);

  test("split bindings: item blocks, user chunks and column spans", async () => {
    const x = randomCsr(rand, 50, 90, 0.08);
    await checkRanges("split", x, { topN: 6, transform: { kind: "asymmetric", rowStat: randomFloats(rand, 90, 0.5, 3), alpha: 0.3, shrink: 1 } });
  }, GPU_TEST_TIMEOUT);

  test("an empty range gives rows 0; bad ranges are RangeErrors naming the option and the values", async () => {
    const x = randomCsr(rand, 20, 15, 0.2);
    const empty = await gpus.gpu.cooccurrenceTopN(x, { topN: 3, items: { from: 4, to: 4 } });
    expect([empty.rows, empty.ids.length, empty.scores.length]).toEqual([0, 0, 0]);
    for (const items of [{ from: 0.5, to: 3 }, { from: -1, to: 3 }, { from: 0, to: 16 }, { from: 9, to: 8 }]) {
      await expect(gpus.gpu.cooccurrenceTopN(x, { topN: 3, items })).rejects.toThrow(`cooccurrence items: found { from: ${items.from}, to: ${items.to} }`);
    }
  }, GPU_TEST_TIMEOUT);
});
