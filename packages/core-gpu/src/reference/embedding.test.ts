import { expect, test } from "bun:test";
import { referenceEmbeddingBag, referenceGather, referenceScatterAdd } from "./embedding.ts";

const table = new Float32Array([1, 2, 3, 4, 5, 6]); // 3 rows of dim 2

test("gather copies rows by id and rejects out-of-range ids", () => {
  expect([...referenceGather(table, 2, new Int32Array([2, 0, 2]))]).toEqual([5, 6, 1, 2, 5, 6]);
  expect(() => referenceGather(table, 2, new Int32Array([3]))).toThrow(RangeError);
});

test("embeddingBag sums, averages, weighs, and gives zeros for empty bags", () => {
  const ids = new Int32Array([0, 2, 1]);
  const offsets = new Int32Array([0, 2, 2, 3]);
  expect([...referenceEmbeddingBag(table, 2, ids, offsets, { mode: "sum" })]).toEqual([6, 8, 0, 0, 3, 4]);
  expect([...referenceEmbeddingBag(table, 2, ids, offsets, { mode: "mean" })]).toEqual([3, 4, 0, 0, 3, 4]);
  const weights = new Float32Array([2, 1, 1]);
  expect([...referenceEmbeddingBag(table, 2, ids, offsets, { mode: "sum", weights })]).toEqual([7, 10, 0, 0, 3, 4]);
  expect(() => referenceEmbeddingBag(table, 2, ids, new Int32Array([0, 4]), { mode: "sum" })).toThrow(RangeError);
});

test("scatterAdd accumulates duplicates and leaves the target unchanged on bad ids", () => {
  const t = new Float32Array(6);
  referenceScatterAdd(t, 2, new Int32Array([1, 1]), new Float32Array([1, 2, 3, 4]));
  expect([...t]).toEqual([0, 0, 4, 6, 0, 0]);
  expect(() => referenceScatterAdd(t, 2, new Int32Array([0, 5]), new Float32Array(4).fill(1))).toThrow(RangeError);
  expect([...t]).toEqual([0, 0, 4, 6, 0, 0]);
});
