import { expect, test } from "bun:test";
import { nativeKernels, nativeUnavailable } from "./index.ts";
import { Rng } from "../../random/rng.ts";

test("the native kernels compile here (Bun's TinyCC), or say why not", () => {
  const native = nativeKernels();
  if (!native) console.warn(`native kernels unavailable: ${nativeUnavailable()}`);
  expect(native !== undefined || typeof nativeUnavailable() === "string").toBe(true);
  expect(nativeKernels({ SHORTLIST_NATIVE: "0" })).toBeUndefined();
});

test("gather and scatter-add stay right after the JIT has warmed the call site with double-typed sizes", () => {
  const native = nativeKernels();
  if (!native) return console.warn("skipped: no native kernels");
  for (let it = 0; it < 20_000; it++) {
    const d = Math.sqrt(9) * (1 + (it % 3)); // 3, 6, 9 as doubles
    const table = new Float32Array(new ArrayBuffer(4 * 4 * d)).map((_, i) => i + 0.5);
    const ids = Int32Array.from([3, 1, 3]);
    const out = new Float32Array(new ArrayBuffer(4 * 3 * d)).fill(NaN);
    native.gatherRows(table, ids, d, out, 2);
    if (out[0] !== 3 * d + 0.5 || out[d] !== d + 0.5) throw new Error(`gather wrong at iteration ${it}: ${out[0]}, ${out[d]}`);
    native.scatterAddRows(table, ids, d, out, 2);
    if (table[3 * d] !== 3 * (3 * d + 0.5)) throw new Error(`scatter-add wrong at iteration ${it}: ${table[3 * d]}`);
  }
});

test("threaded gather and scatter-add (≥ 2^20 floats moved) equal plain loops bit for bit, duplicates included", () => {
  const native = nativeKernels();
  if (!native) return console.warn("skipped: no native kernels");
  const [rows, d, b] = [3000, 33, 40_000]; // 1.32 M floats: past ROW_MIN_WORK in kernels.c
  const rng = new Rng(12345);
  const table = new Float32Array(new ArrayBuffer(4 * rows * d)).map(() => rng.float() - 0.5);
  const ids = new Int32Array(new ArrayBuffer(4 * b)).map(() => rng.int(rows));
  const out = new Float32Array(new ArrayBuffer(4 * b * d)).fill(NaN);
  native.gatherRows(table, ids, d, out, 2);
  for (let r = 0; r < b; r++) for (let c = 0; c < d; c++) if (!Object.is(out[r * d + c], table[ids[r]! * d + c])) throw new Error(`gather row ${r} col ${c}`);
  const want = table.slice();
  for (let r = 0; r < b; r++) for (let c = 0; c < d; c++) want[ids[r]! * d + c] = Math.fround(want[ids[r]! * d + c]! + out[r * d + c]!);
  native.scatterAddRows(table, ids, d, out, 2);
  expect(Buffer.from(table.buffer).equals(Buffer.from(want.buffer))).toBe(true);
});
