import { expect, test } from "bun:test";
import { cpuEmbeddingBag, cpuGather, cpuScatterAdd } from "./embedding.ts";

const table = new Float32Array([1, 2, 3, 4, 5, 6]);

test("gather copies rows and rejects out-of-range ids", () => {
  expect([...cpuGather(table, 2, new Int32Array([2, 2, 0]))]).toEqual([5, 6, 5, 6, 1, 2]);
  expect(() => cpuGather(table, 2, new Int32Array([3]))).toThrow(RangeError);
  expect(() => cpuGather(table, 4, new Int32Array([0]))).toThrow(RangeError); // 6 is not a multiple of 4
});

test("embeddingBag pools sum / mean with weights; empty bags are zero", () => {
  const ids = new Int32Array([0, 2, 1]);
  const offsets = new Int32Array([0, 2, 2, 3]);
  expect([...cpuEmbeddingBag(table, 2, ids, offsets, { mode: "sum", weights: new Float32Array([2, 1, 1]) })]).toEqual([7, 10, 0, 0, 3, 4]);
  expect([...cpuEmbeddingBag(table, 2, ids, offsets, { mode: "mean" })]).toEqual([3, 4, 0, 0, 3, 4]);
  expect(() => cpuEmbeddingBag(table, 2, ids, new Int32Array([0, 2, 1]), { mode: "sum" })).toThrow(RangeError);
});

test("scatterAdd accumulates duplicates; bad ids leave the target untouched", () => {
  const t = new Float32Array(6);
  cpuScatterAdd(t, 2, new Int32Array([2, 2]), new Float32Array([1, 1, 2, 2]));
  expect([...t]).toEqual([0, 0, 0, 0, 3, 3]);
  expect(() => cpuScatterAdd(t, 2, new Int32Array([0, 9]), new Float32Array(4))).toThrow(RangeError);
  expect([...t]).toEqual([0, 0, 0, 0, 3, 3]);
});
