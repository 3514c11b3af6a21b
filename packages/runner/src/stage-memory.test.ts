import { expect, test } from "bun:test";
import { trackStageMemory } from "./stage-memory.ts";

test("each stage's peak RSS is its own: a later, smaller stage reads lower", () => {
  const big = trackStageMemory();
  let block: Uint8Array | undefined = new Uint8Array(256 * 2 ** 20).fill(1); // touched, so resident
  const bigPeak = big.peakBytes();
  expect(bigPeak).toBeGreaterThan(256 * 2 ** 20);
  block = undefined;
  Bun.gc(true);
  const small = trackStageMemory();
  const smallPeak = small.peakBytes();
  if (!small.exact) {
    console.log("skip: this system cannot reset the RSS high-water mark; the lifetime peak is recorded");
    return;
  }
  expect(block).toBeUndefined();
  expect(smallPeak).toBeLessThan(bigPeak - 128 * 2 ** 20);
});
