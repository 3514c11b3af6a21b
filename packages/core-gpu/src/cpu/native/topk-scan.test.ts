import { expect, test } from "bun:test";
import { heapDrain } from "../heap.ts";
import { compileTopKScan, nativeTopKScan, topKScanUnavailable, type TopKScan } from "./topk-scan.ts";

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

test("long rows over several blocks (spans of 64 skipped whole, NaN, ±0, ±Infinity, ties, exclusions) equal the TypeScript scan, with and without the SSE assembly", async () => {
  if (!nativeTopKScan()) return console.warn(`skipped: native scan unavailable: ${topKScanUnavailable()}`);
  for (const scan of [nativeTopKScan()!, compileTopKScan(true).api]) await longRows(scan);
});

async function longRows(scan: TopKScan): Promise<void> {
  const { createHeap } = await import("../heap.ts");
  const { scanRow } = await import("../topk.ts");
  const { createRng, randomCsr, suiteSeed } = await import("../../testing/random.ts");
  const seed = suiteSeed();
  const rng = createRng(seed);
  const special = [NaN, -0, 0, Infinity, -Infinity, 1, 1, -1];
  for (const [rows, cols, k, blockCols, threads] of [[50, 3000, 20, 1000, 2], [9, 700, 5, 129, 3], [4, 200, 300, 64, 1], [70, 1031, 1, 1031, 2]] as const) {
    // Mostly random values (a row's best come early or late), some of them special or repeated.
    const scores = Float32Array.from({ length: rows * cols }, () => (rng.next() < 0.05 ? special[rng.int(special.length)]! : rng.next() * 2 - 1));
    for (let r = 1; r < rows; r += 4) scores.fill(rng.int(3) - 1, r * cols, (r + 1) * cols); // whole rows tied
    const ex = randomCsr(rng, { rows, cols, density: 40, emptyRows: 0.3 });
    const h = { k, scores: new Float32Array(rows * k), ids: new Int32Array(rows * k), size: new Int32Array(rows) };
    const pos = { indices: ex.indices, expos: ex.indptr.slice(0, rows), exend: ex.indptr.slice(1) };
    const block = new Float32Array(rows * blockCols);
    for (let c0 = 0; c0 < cols; c0 += blockCols) {
      const w = Math.min(blockCols, cols - c0);
      for (let r = 0; r < rows; r++) block.set(scores.subarray(r * cols + c0, r * cols + c0 + w), r * w);
      scan.scan(block.subarray(0, rows * w), rows, w, c0, h, threads, pos);
    }
    const got = { ids: new Int32Array(rows * k), scores: new Float32Array(rows * k) };
    const want = { ids: new Int32Array(rows * k), scores: new Float32Array(rows * k) };
    const th = createHeap(k);
    for (let r = 0; r < rows; r++) {
      heapDrain({ k, size: h.size[r]!, scores: h.scores.subarray(r * k, (r + 1) * k), ids: h.ids.subarray(r * k, (r + 1) * k) }, got.ids, got.scores, r * k);
      scanRow(th, scores, r * cols, cols, 0, ex.indices, ex.indptr[r]!, ex.indptr[r + 1]!);
      heapDrain(th, want.ids, want.scores, r * k);
    }
    const label = `${rows}×${cols} k=${k} blocks of ${blockCols}, seed ${seed}`;
    expect([...got.ids], label).toEqual([...want.ids]);
    const str = (x: number) => (Object.is(x, -0) ? "-0" : String(x)); // -0 and 0 apart
    expect([...got.scores].map(str), label).toEqual([...want.scores].map(str));
  }
}
