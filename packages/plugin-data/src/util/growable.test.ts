import { expect, test } from "bun:test";
import { growFloat32, growInt32 } from "./growable.ts";

test("grows past its capacity and returns an exact-length copy", () => {
  const g = growInt32(16);
  for (let i = 0; i < 1000; i++) g.push(i * 3);
  g.pop();
  const a = g.toArray();
  expect(a.length).toBe(999);
  expect(a[998]).toBe(998 * 3);
  const f = growFloat32();
  f.push(0.5);
  expect(Array.from(f.toArray())).toEqual([0.5]);
});
