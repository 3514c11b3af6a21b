import { expect, test } from "bun:test";
import { sharedArray, sharedCopy } from "./shared.ts";

test("shared arrays live in SharedArrayBuffers; copies are independent of the source", () => {
  const a = sharedArray(Int32Array, 3);
  expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect([...a]).toEqual([0, 0, 0]);
  expect(sharedArray(Float32Array, 0).length).toBe(0);
  const src = new Float64Array([1.5, 2.5]);
  const c = sharedCopy(Float64Array, src);
  src[0] = 9;
  expect([...c]).toEqual([1.5, 2.5]);
  expect(sharedCopy(Float64Array, undefined)).toBeUndefined();
});
