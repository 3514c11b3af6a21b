import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { binData } from "./dataset.ts";
import { rowBuffers } from "./engine.ts";
import { pointGradients } from "./objectives.ts";
import { addScoreRange, POINTWISE } from "./row-jobs.ts";

test("the fused score update (binary, next root's rows) equals the score pass, pointGradients and the rows fill bit for bit", () => {
  const r = new Rng(41);
  const n = 5_000, leaves = 9;
  const data = binData([Float32Array.from({ length: n }, () => r.normal())], [false], 255);
  const fused = rowBuffers(data, leaves, false), plain = rowBuffers(data, leaves, false);
  for (const s of [fused, plain]) {
    const q = new Rng(42);
    for (let i = 0; i < n; i++) { s.score[i] = 3 * q.normal(); s.label[i] = q.float() < 0.3 ? 1 : 0; s.leafOf[i] = q.int(leaves); s.rows[i] = q.int(n); }
    for (let l = 0; l < leaves; l++) s.values[l] = 0.1 * q.normal();
  }
  // In two ranges, as two chunks would.
  addScoreRange(fused, POINTWISE.binary, 0, 1_234, true);
  addScoreRange(fused, POINTWISE.binary, 1_234, n, true);
  for (let i = 0; i < n; i++) plain.score[i]! += plain.values[plain.leafOf[i]!]!;
  pointGradients("binary", plain.score, plain.label, plain.g, plain.h, 0, n);
  for (let i = 0; i < n; i++) plain.rows[i] = i;
  for (const k of ["score", "g", "h", "rows"] as const) expect(fused[k]).toEqual(plain[k]);
});
