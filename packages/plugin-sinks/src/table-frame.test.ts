import { expect, test } from "bun:test";
import { decodeFrame, encodeFrame, int32Lists, table, type Table } from "@shortlist/runner";
import { tableArrays, tableFrom } from "./table-frame.ts";

/** A seeded table with every column kind a Table may hold, strings of 1–4-byte UTF-8 and empty ones. */
function randomTable(rows: number, seed: number): Table {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pieces = ["", "a", "é", "東京", "🙂", '"q"', "\\", "\n"];
  return table(
    {
      id: Int32Array.from({ length: rows }, () => Math.floor(rnd() * 2 ** 31) - 2 ** 30),
      count: Uint32Array.from({ length: rows }, () => Math.floor(rnd() * 2 ** 32)),
      flag: Uint8Array.from({ length: rows }, () => Math.floor(rnd() * 256)),
      f32: Float32Array.from({ length: rows }, () => rnd() * 100 - 50),
      f64: Float64Array.from({ length: rows }, () => rnd() * 1e9),
      name: Array.from({ length: rows }, () => Array.from({ length: Math.floor(rnd() * 4) }, () => pieces[Math.floor(rnd() * pieces.length)]).join("")),
    },
    { recent: int32Lists(Array.from({ length: rows }, () => Array.from({ length: Math.floor(rnd() * 5) }, () => Math.floor(rnd() * 1000)))) },
  );
}

test("a table goes through a frame (encoded and decoded) and comes back column for column, in order", () => {
  for (const [rows, seed] of [[0, 1], [1, 2], [257, 3], [5000, 4]] as const) {
    const t = randomTable(rows, seed);
    const { arrays, layout } = tableArrays("features.user", t);
    const frame = decodeFrame(encodeFrame({ meta: { layout } as never, arrays }));
    const back = tableFrom(frame, "features.user", (frame.meta as never as { layout: typeof layout }).layout);
    expect(back.length).toBe(rows);
    expect(Object.keys(back.columns)).toEqual(Object.keys(t.columns));
    for (const [name, col] of Object.entries(t.columns)) {
      expect(back.columns[name]!.constructor).toBe(col.constructor);
      expect([...back.columns[name]!]).toEqual([...col]);
    }
    expect([...back.lists!.recent!.offsets]).toEqual([...t.lists!.recent!.offsets]);
    expect([...back.lists!.recent!.values]).toEqual([...t.lists!.recent!.values]);
  }
});

test("two tables share a frame under their own prefixes; a missing array is named", () => {
  const a = randomTable(10, 5), b = randomTable(20, 6);
  const ta = tableArrays("recs.a", a), tb = tableArrays("recs.b", b);
  const frame = decodeFrame(encodeFrame({ meta: null, arrays: { ...ta.arrays, ...tb.arrays } }));
  expect(tableFrom(frame, "recs.a", ta.layout).columns.name).toEqual(a.columns.name!);
  expect(tableFrom(frame, "recs.b", tb.layout).columns.name).toEqual(b.columns.name!);
  expect(() => tableFrom(frame, "recs.c", ta.layout)).toThrow(/frame has no array "recs\.c\/c\/id" for table recs\.c/);
});
