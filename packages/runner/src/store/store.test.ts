import { expect, test } from "bun:test";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { table, matrix } from "../artifacts.ts";
import { parquetToTable, readParquet, tableToParquet, writeParquet } from "./parquet.ts";
import { matrixToNpy, npyToMatrix } from "./npy.ts";
import { canonical } from "./manifest.ts";

test("tables round-trip through parquet with their column types", async () => {
  const n = 2500;
  const t = table({
    i: Int32Array.from({ length: n }, (_, k) => k * 7 - 3000),
    u: Uint32Array.from({ length: n }, (_, k) => 4_000_000_000 - k),
    b: Uint8Array.from({ length: n }, (_, k) => k % 256),
    f: Float32Array.from({ length: n }, (_, k) => k / 3),
    d: Float64Array.from({ length: n }, (_, k) => Math.PI * k),
    s: Array.from({ length: n }, (_, k) => `tïtle ${k}`),
  });
  const back = await parquetToTable(tableToParquet(t));
  expect(back.length).toBe(n);
  for (const [name, col] of Object.entries(t.columns)) {
    expect(back.columns[name]!.constructor).toBe(col.constructor);
    expect(Array.from(back.columns[name]! as ArrayLike<unknown>)).toEqual(Array.from(col as ArrayLike<unknown>));
  }
  const dir = mkdtempSync(join(tmpdir(), "pq-"));
  await writeParquet(join(dir, "t.parquet"), t);
  expect(readdirSync(dir)).toEqual(["t.parquet"]);
  expect((await readParquet(join(dir, "t.parquet"), ["s"])).columns.s![3]).toBe("tïtle 3");
});

test("an empty table round-trips", async () => {
  const back = await parquetToTable(tableToParquet(table({ a: new Int32Array(0), s: [] })));
  expect(back.length).toBe(0);
});

test("matrices round-trip through .npy", () => {
  const m = matrix(3, 5, Float32Array.from({ length: 15 }, (_, k) => k - 7.5));
  const bytes = matrixToNpy(m);
  expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0);
  const back = npyToMatrix(bytes);
  expect([back.rows, back.cols]).toEqual([3, 5]);
  expect(Array.from(back.data)).toEqual(Array.from(m.data));
});

test("canonical JSON ignores key order", () => {
  expect(canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(canonical({ a: [1, { c: 3, d: 2 }], b: 1 }));
});
