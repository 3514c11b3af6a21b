import { expect, test } from "bun:test";
import { heapDrain } from "../heap.ts";
import { nativeTopKScan, topKScanUnavailable } from "./topk-scan.ts";

test("SHORTLIST_NATIVE=0 turns the native scan off", () => {
  expect(nativeTopKScan({ SHORTLIST_NATIVE: "0" })).toBeUndefined();
});

test("two blocks of one row: best first, ties to the lower id, NaN never, exclusions skipped, -Infinity kept", () => {
  const scan = nativeTopKScan();
  if (!scan) return console.warn(`skipped: native scan unavailable: ${topKScanUnavailable()}`);
  const k = 4;
  const h = { k, scores: new Float32Array(2 * k), ids: new Int32Array(2 * k), size: new Int32Array(2) };
  // Row 0 of each block is the user; row 1 holds only NaN and -Infinity.
  const ex = { indices: Int32Array.from([1, 4]), expos: Int32Array.from([0, 2]), exend: Int32Array.from([2, 2]) };
  scan.scan(Float32Array.from([3, 9, NaN, 5, NaN, -Infinity, NaN, NaN]), 2, 4, 0, h, 2, ex); // columns 0–3
  scan.scan(Float32Array.from([8, 5, 3, 1, -Infinity, NaN, NaN, NaN]), 2, 4, 4, h, 2, ex); // columns 4–7
  const ids = new Int32Array(2 * k);
  const scores = new Float32Array(2 * k);
  for (let r = 0; r < 2; r++) heapDrain({ k, size: h.size[r]!, scores: h.scores.subarray(r * k, (r + 1) * k), ids: h.ids.subarray(r * k, (r + 1) * k) }, ids, scores, r * k);
  // Row 0: column 1 (9) and 4 (8) excluded; 5 at columns 3 and 5 tie → 3 first; then 3 at 0 beats 3 at 6.
  expect([...ids.subarray(0, k)]).toEqual([3, 5, 0, 6]);
  expect([...scores.subarray(0, k)]).toEqual([5, 5, 3, 3]);
  expect([...ids.subarray(k)]).toEqual([1, 4, -1, -1]);
  expect([...scores.subarray(k)]).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
  expect([...ex.expos]).toEqual([2, 2]);
});
