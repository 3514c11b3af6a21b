import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { sampleNegatives } from "./negatives.ts";

test("negatives: uniform over the catalogue, never a seen item while unseen ones remain, same stream same draws", () => {
  const seen = { rows: 2, cols: 10, indptr: Int32Array.from([0, 3, 3]), indices: Int32Array.from([0, 4, 7]) };
  const users = Int32Array.from([0, 1]);
  const a = sampleNegatives(new Rng(1, 2), seen, users, 2000, new Int32Array(4000));
  const b = sampleNegatives(new Rng(1, 2), seen, users, 2000, new Int32Array(4000));
  expect(a).toEqual(b);
  const first = Array.from(a.subarray(0, 2000));
  // 8 redraws of 3/10 seen: a seen item survives with probability 0.3^8 ≈ 7e-5 per draw
  expect(first.filter((i) => [0, 4, 7].includes(i)).length).toBeLessThan(3);
  const counts = new Array(10).fill(0);
  for (const i of a.subarray(2000)) counts[i]++;
  for (const c of counts) expect(Math.abs(c - 200)).toBeLessThan(60);
});
