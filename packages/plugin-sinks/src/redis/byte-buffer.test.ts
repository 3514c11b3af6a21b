import { expect, test } from "bun:test";
import { ByteBuffer, IntTexts } from "./byte-buffer.ts";

const text = (b: ByteBuffer) => new TextDecoder().decode(b.view());

test("int writes the same digits as String() across the int32 range and beyond", () => {
  const b = new ByteBuffer(4);
  const values = [0, 1, 9, 10, 99, 100, -1, -10, 2147483647, -2147483648, 2147483648, 1e15, -123456789];
  for (let i = 0; i < 2000; i++) values.push(Math.floor((Math.random() - 0.5) * 2 ** 32));
  for (const v of values) {
    b.reset().int(v);
    expect(text(b)).toBe(String(v));
  }
});

test("the buffer grows past its first capacity and keeps earlier bytes", () => {
  const b = new ByteBuffer(2);
  for (let i = 0; i < 1000; i++) b.int(i).ascii(",");
  expect(text(b)).toBe(Array.from({ length: 1000 }, (_, i) => `${i},`).join(""));
});

test("utf8 encodes non-ASCII strings", () => {
  const b = new ByteBuffer(1);
  b.utf8("Amélie — 東京");
  expect(text(b)).toBe("Amélie — 東京");
});

test("number writes integers plainly and floats shortest", () => {
  const b = new ByteBuffer();
  b.number(3, true).ascii(" ").number(Math.fround(0.1), true).ascii(" ").number(0.1, false);
  expect(text(b)).toBe("3 0.1 0.1");
});

test("IntTexts copies the same digits as int() for small non-negative ids, with an optional separator", () => {
  const ids = Int32Array.from([0, 7, 10, 99999, 123, 5]);
  const texts = IntTexts.of(ids)!;
  const b = new ByteBuffer(1);
  for (let v = 0; v <= 99999; v += 7) {
    b.reset().intText(texts, v, 44);
    expect(text(b)).toBe(`,${v}`);
  }
  b.reset().intText(texts, 99999);
  expect(text(b)).toBe("99999");
});

test("IntTexts declines columns it cannot cover", () => {
  expect(IntTexts.of(Int32Array.from([1, -1]))).toBeUndefined();
  expect(IntTexts.of(Int32Array.from([1, 1 << 22]))).toBeUndefined();
  expect(IntTexts.of(Float32Array.from([1.5]))).toBeUndefined();
  expect(IntTexts.of(new Int32Array(0))).toBeDefined();
});
