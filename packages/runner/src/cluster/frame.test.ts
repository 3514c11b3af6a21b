import { expect, test } from "bun:test";
import { concatFrames, decodeFrame, encodeFrame } from "./frame.ts";
import { splitRanges } from "./task.ts";

const rnd = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453 % 1);

test("a frame round-trips every array type and its meta, arrays as aligned views", () => {
  const seed = Date.now() % 1000;
  const arrays = {
    f32: rnd(37, seed),
    f64: Float64Array.from(rnd(5, seed + 1)),
    i32: Int32Array.from(rnd(11, seed + 2), (v) => Math.round(v * 1e6)),
    u8: Uint8Array.of(1, 2, 3),
    u16: Uint16Array.of(65535),
    empty: new Int32Array(0),
  };
  const bytes = encodeFrame({ meta: { k: 20, name: "x", nested: [1, null] }, arrays });
  const back = decodeFrame(bytes);
  expect(back.meta).toEqual({ k: 20, name: "x", nested: [1, null] });
  for (const [name, a] of Object.entries(arrays)) {
    expect(back.arrays[name]!.constructor).toBe(a.constructor);
    expect(Array.from(back.arrays[name]!)).toEqual(Array.from(a));
    expect(back.arrays[name]!.byteOffset % 8).toBe(0);
  }
  const shifted = new Uint8Array(bytes.length + 3).subarray(3); // unaligned input is copied, not misread
  shifted.set(bytes);
  expect(Array.from(decodeFrame(shifted).arrays.f64!)).toEqual(Array.from(arrays.f64));
});

test("a truncated or foreign byte string is refused", () => {
  const bytes = encodeFrame({ meta: null, arrays: { x: new Float64Array(10) } });
  expect(() => decodeFrame(bytes.subarray(0, bytes.length - 8))).toThrow(/runs past the end/);
  expect(() => decodeFrame(new Uint8Array(16))).toThrow(/not a Shortlist frame/);
});

test("concatFrames joins parts in order and refuses a part missing an array", () => {
  const parts = [0, 1, 2].map((p) => ({ meta: { k: 2 }, arrays: { ids: Int32Array.of(p, p + 10), s: Float32Array.of(p) } }));
  const m = concatFrames(parts);
  expect(Array.from(m.arrays.ids!)).toEqual([0, 10, 1, 11, 2, 12]);
  expect(Array.from(m.arrays.s!)).toEqual([0, 1, 2]);
  expect(m.meta).toEqual({ k: 2 });
  expect(() => concatFrames([parts[0]!, { meta: null, arrays: { s: Float32Array.of(1) } }])).toThrow(/shard 1 has no Int32Array array "ids"/);
});

test("splitRanges covers [0, total) with contiguous near-equal ranges", () => {
  for (const [total, count] of [[10, 3], [7, 7], [3, 8], [0, 4], [100_003, 16]] as const) {
    const r = splitRanges(total, count);
    expect(r[0]!.from).toBe(0);
    expect(r.at(-1)!.to).toBe(total);
    for (let i = 1; i < r.length; i++) expect(r[i]!.from).toBe(r[i - 1]!.to);
    const sizes = r.map((x) => x.to - x.from);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(r.every((x, i) => x.index === i && x.count === r.length)).toBe(true);
  }
});
