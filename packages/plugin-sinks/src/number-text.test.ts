import { expect, test } from "bun:test";
import { float32Text, float64Text, scoreDouble } from "./number-text.ts";

test("float32Text is the shortest text that reads back to the same float32", () => {
  expect(float32Text(Math.fround(0.3))).toBe("0.3");
  expect(float32Text(Math.fround(1 / 3))).toBe("0.33333334");
  expect(float32Text(Math.fround(1e-7))).toBe("1e-7");
  const f = new Float32Array(5000).map(() => (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 12 - 6));
  for (const x of f) {
    const t = float32Text(x);
    expect(Math.fround(Number(t))).toBe(x);
    expect(JSON.parse(t)).toBe(Number(t));
  }
});

test("non-finite floats are refused rather than written as invalid JSON", () => {
  expect(() => float32Text(NaN)).toThrow(/cannot be written/);
  expect(() => float64Text(Infinity)).toThrow(/cannot be written/);
});

test("scoreDouble gives float32 scores their shortest decimal and leaves doubles alone", () => {
  expect(scoreDouble(Math.fround(0.3), true)).toBe(0.3);
  expect(scoreDouble(Math.fround(1 / 3), true)).toBe(0.33333334);
  expect(scoreDouble(0.30000001192092896, false)).toBe(0.30000001192092896);
  expect(scoreDouble(NaN, true)).toBeNaN();
});
