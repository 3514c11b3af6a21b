import { expect, test } from "bun:test";
import type { GbdtTree } from "../model.ts";
import { ensembleNodes } from "./tree-nodes.ts";

// root: f1 ∈ {2, 5, 7} → node 1, else leaf 2; NaN goes left. node 1: f0 <= 0.25 → leaf 0, else leaf 1 (NaN right).
const tree: GbdtTree = {
  splitFeature: Int32Array.of(1, 0), threshold: Float32Array.of(NaN, 0.25), defaultLeft: Uint8Array.of(1, 0),
  catOffsets: Int32Array.of(0, 3, 3), catValues: Float32Array.of(2, 5, 7), left: Int32Array.of(1, ~0), right: Int32Array.of(~2, ~1),
  splitGain: Float32Array.of(3, 1), internalCount: Int32Array.of(10, 6), leafValue: Float64Array.of(-0.5, 0.25, 1), leafCount: Int32Array.of(3, 3, 4),
};
const leaf: GbdtTree = { ...tree, splitFeature: new Int32Array(0), threshold: new Float32Array(0), defaultLeft: new Uint8Array(0), catOffsets: Int32Array.of(0), catValues: new Float32Array(0), left: new Int32Array(0), right: new Int32Array(0), leafValue: Float64Array.of(0.75) };

test("a categorical set becomes a chain of BRANCH_EQ tests sharing one left subtree; NaN tracks left only at the first", () => {
  const n = ensembleNodes({ trees: [tree, leaf] });
  // tree 0: eq2 (0), eq5 (1), eq7 (2), leq (3), leaf0 (4), leaf1 (5), leaf2 (6); tree 1: one leaf
  expect(n.modes).toEqual(["BRANCH_EQ", "BRANCH_EQ", "BRANCH_EQ", "BRANCH_LEQ", "LEAF", "LEAF", "LEAF", "LEAF"]);
  expect(n.treeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  expect(n.nodeIds).toEqual([0, 1, 2, 3, 4, 5, 6, 0]);
  expect(n.values.slice(0, 4)).toEqual([2, 5, 7, 0.25]);
  expect(n.featureIds.slice(0, 4)).toEqual([1, 1, 1, 0]);
  expect(n.trueIds.slice(0, 4)).toEqual([3, 3, 3, 4]);
  expect(n.falseIds.slice(0, 4)).toEqual([1, 2, 6, 5]);
  expect(n.missingTracksTrue.slice(0, 4)).toEqual([1, 0, 0, 0]);
  expect(n.leafTreeIds).toEqual([0, 0, 0, 1]);
  expect(n.leafNodeIds).toEqual([4, 5, 6, 0]);
  expect(n.leafWeights).toEqual([-0.5, 0.25, 1, 0.75]);
});
