import { expect, test } from "bun:test";
import { batchRanges, runBounded } from "./batches.ts";

test("batchRanges covers every index once", () => {
  expect(batchRanges(5, 2)).toEqual([[0, 2], [2, 4], [4, 5]]);
  expect(batchRanges(0, 3)).toEqual([]);
  expect(batchRanges(3, 10)).toEqual([[0, 3]]);
  expect(() => batchRanges(3, 0)).toThrow(/at least 1/);
});

test("runBounded keeps at most `concurrency` tasks running and returns results in order", async () => {
  let running = 0;
  let peak = 0;
  const out = await runBounded(20, 3, async (i) => {
    running++;
    peak = Math.max(peak, running);
    await Bun.sleep(1 + (i % 3));
    running--;
    return i * 2;
  });
  expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  expect(peak).toBe(3);
});

test("runBounded rejects with the first failure and starts nothing after it", async () => {
  const started: number[] = [];
  const p = runBounded(50, 2, async (i) => {
    started.push(i);
    await Bun.sleep(1);
    if (i === 3) throw new Error("boom 3");
    return i;
  });
  await expect(p).rejects.toThrow("boom 3");
  expect(Math.max(...started)).toBeLessThan(6);
});
