import { describe, expect, test } from "bun:test";
import { emptyTopK } from "../reference/topk.ts";
import { mergeTopKInto } from "./topk-merge.ts";

describe("mergeTopKInto", () => {
  test("keeps the best k of both lists, ties by lower id, empty slots last", () => {
    const acc = { rows: 2, k: 3, ids: new Int32Array([5, 9, -1, 1, 2, 3]), scores: new Float32Array([3, 1, -Infinity, 9, 8, 7]) };
    const part = { rows: 1, k: 3, ids: new Int32Array([7, 4, -1]), scores: new Float32Array([3, 2, -Infinity]) };
    mergeTopKInto(acc, part, 0);
    expect(Array.from(acc.ids)).toEqual([5, 7, 4, 1, 2, 3]);
    expect(Array.from(acc.scores)).toEqual([3, 3, 2, 9, 8, 7]);
  });

  test("a real -Infinity score ranks above an empty slot", () => {
    const acc = emptyTopK(1, 2);
    mergeTopKInto(acc, { rows: 1, k: 2, ids: new Int32Array([3, -1]), scores: new Float32Array([-Infinity, -Infinity]) }, 0);
    expect(Array.from(acc.ids)).toEqual([3, -1]);
  });

  test("merges into the given row offset only", () => {
    const acc = emptyTopK(3, 1);
    mergeTopKInto(acc, { rows: 1, k: 1, ids: new Int32Array([4]), scores: new Float32Array([1]) }, 2);
    expect(Array.from(acc.ids)).toEqual([-1, -1, 4]);
  });
});
