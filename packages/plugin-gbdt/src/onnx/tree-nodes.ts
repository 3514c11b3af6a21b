/**
 * A GbdtModel's trees as the parallel node and leaf lists of ai.onnx.ml's TreeEnsemble operators.
 *
 * Numeric splits become BRANCH_LEQ (`x <= threshold` is the true branch, as in the model, and the
 * float32 thresholds compare exactly as the library compares them); `missing_value_tracks_true`
 * carries the default direction of NaN. A categorical split ("x is one of {c1..cm}" goes left)
 * becomes a chain of m BRANCH_EQ nodes, as onnxmltools writes LightGBM's categorical splits: node j
 * tests `x == cj`, its true branch is the (one, shared) left subtree and its false branch the next
 * test, the last one's false branch the right subtree. NaN equals nothing, so it falls through the
 * chain to the right unless the first test tracks missing values to the left. Sharing the left
 * subtree keeps the size linear (copying it per category would multiply along nested categorical
 * splits); onnxruntime accepts a node reached by several true branches (tree-nodes.test.ts).
 */
import type { GbdtModel, GbdtTree } from "../model.ts";

/** The node and leaf attributes of a TreeEnsembleClassifier / TreeEnsembleRegressor. */
export interface EnsembleNodes {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: ("BRANCH_LEQ" | "BRANCH_EQ" | "LEAF")[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTracksTrue: number[];
  /** One entry per leaf node: its tree, its node id and its weight (learning rate applied). */
  leafTreeIds: number[];
  leafNodeIds: number[];
  leafWeights: number[];
}

/**
 * Every tree of the model as ONNX tree-ensemble node lists; node ids are dense per tree (0 = root).
 * @example
 * const nodes = ensembleNodes(model);
 * nodes.modes.filter((m) => m === "LEAF").length; // leaves of all trees
 */
export function ensembleNodes(model: Pick<GbdtModel, "trees">): EnsembleNodes {
  const out: EnsembleNodes = { treeIds: [], nodeIds: [], featureIds: [], modes: [], values: [], trueIds: [], falseIds: [], missingTracksTrue: [], leafTreeIds: [], leafNodeIds: [], leafWeights: [] };
  model.trees.forEach((tree, t) => appendTree(out, tree, t));
  return out;
}

function appendTree(out: EnsembleNodes, tree: GbdtTree, treeId: number): void {
  let next = 0;
  const push = (feature: number, mode: EnsembleNodes["modes"][number], value: number, missing: number): number => {
    out.treeIds.push(treeId);
    out.nodeIds.push(next);
    out.featureIds.push(feature);
    out.modes.push(mode);
    out.values.push(value);
    out.trueIds.push(0);
    out.falseIds.push(0);
    out.missingTracksTrue.push(missing);
    return next++;
  };
  // Positions in `out` are base + node id, so a parent's branches are filled in once its children have ids.
  const base = out.nodeIds.length;
  const emit = (child: number): number => {
    if (child < 0) {
      const id = push(0, "LEAF", 0, 0);
      out.leafTreeIds.push(treeId);
      out.leafNodeIds.push(id);
      out.leafWeights.push(tree.leafValue[~child]!);
      return id;
    }
    const feature = tree.splitFeature[child]!;
    const missingLeft = tree.defaultLeft[child]!;
    const from = tree.catOffsets[child]!, to = tree.catOffsets[child + 1]!;
    if (from === to) {
      const id = push(feature, "BRANCH_LEQ", tree.threshold[child]!, missingLeft);
      out.trueIds[base + id] = emit(tree.left[child]!);
      out.falseIds[base + id] = emit(tree.right[child]!);
      return id;
    }
    const chain: number[] = [];
    for (let c = from; c < to; c++) chain.push(push(feature, "BRANCH_EQ", tree.catValues[c]!, c === from ? missingLeft : 0));
    const left = emit(tree.left[child]!);
    const right = emit(tree.right[child]!);
    chain.forEach((id, j) => {
      out.trueIds[base + id] = left;
      out.falseIds[base + id] = chain[j + 1] ?? right;
    });
    return chain[0]!;
  };
  emit(tree.left.length > 0 ? 0 : -1);
}
