/**
 * GbdtModel → ONNX: one ai.onnx.ml tree-ensemble node over a float input `features` [N, F] whose
 * columns are `model.featureNames` in order (NaN = missing), as MetaSpore serves LightGBM through
 * onnxmltools' converter.
 *  - binary: TreeEnsembleClassifier, classes [0, 1], post_transform LOGISTIC, base_values
 *    [baseScore]; outputs `label` (int64 [N]) and `probabilities` (float [N, 2], column 1 =
 *    P(label 1) = sigmoid(margin)). Read the probabilities: onnxruntime derives `label` from the
 *    raw margin against 0.5 when all leaf weights are positive (its binary convention), not from
 *    the probability.
 *  - regression, lambdarank: TreeEnsembleRegressor, SUM, base_values [baseScore]; output `score`
 *    (float [N, 1]) = the raw margin, which is what ranks.
 * The graph is built with onnx-proto directly because the tree-ensemble attributes are string
 * lists (`nodes_modes`), which core-gpu's OnnxGraph attribute helper does not write. Versions are
 * what onnxmltools writes for MetaSpore's `target_opset=9`: IR 4, default opset 9, ai.onnx.ml 1.
 * Every attribute used exists in TreeEnsemble*-1, so a server whose runtime knows only those
 * versions can read it; newer opsets would add nothing a float model needs. Tested with
 * onnxruntime-node 1.30 only.
 */
import { onnx } from "onnx-proto";
import type { GbdtModel, GbdtTree } from "../model.ts";
import { ensembleNodes } from "./tree-nodes.ts";

const A = onnx.AttributeProto.AttributeType;
const FLOAT = 1, INT64 = 7;
const utf8 = (s: string) => new TextEncoder().encode(s);

type Attr = onnx.IAttributeProto;
const ints = (name: string, v: number[]): Attr => ({ name, type: A.INTS, ints: v });
const floats = (name: string, v: number[]): Attr => ({ name, type: A.FLOATS, floats: v });
const text = (name: string, v: string): Attr => ({ name, type: A.STRING, s: utf8(v) });
const texts = (name: string, v: string[]): Attr => ({ name, type: A.STRINGS, strings: v.map(utf8) });

function tensor(name: string, elem: number, dims: (number | string)[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: elem, shape: { dim } } } };
}

const NO_TREE: GbdtTree = {
  splitFeature: new Int32Array(0), threshold: new Float32Array(0), defaultLeft: new Uint8Array(0), catOffsets: new Int32Array(1),
  catValues: new Float32Array(0), left: new Int32Array(0), right: new Int32Array(0), splitGain: new Float32Array(0),
  internalCount: new Int32Array(0), leafValue: new Float64Array(1), leafCount: new Int32Array(1),
};

/** Names of the graph's input and outputs. */
export const ONNX_NAMES = { input: "features", label: "label", probabilities: "probabilities", score: "score" } as const;

/**
 * Serialises the model as an ONNX ModelProto (see the module comment for its inputs and outputs).
 * @example
 * const session = await ort.InferenceSession.create(gbdtToOnnx(model));
 * const out = await session.run({ features: new ort.Tensor("float32", rows, [n, model.featureNames.length]) });
 * out.probabilities; // binary: [n, 2]
 */
export function gbdtToOnnx(model: GbdtModel): Uint8Array {
  // onnxruntime refuses an ensemble without nodes: a model of no trees is one leaf of weight 0.
  const n = ensembleNodes(model.trees.length > 0 ? model : { trees: [NO_TREE] });
  const binary = model.objective === "binary";
  const prefix = binary ? "class_" : "target_";
  const attribute: Attr[] = [
    ints("nodes_treeids", n.treeIds),
    ints("nodes_nodeids", n.nodeIds),
    ints("nodes_featureids", n.featureIds),
    texts("nodes_modes", n.modes),
    floats("nodes_values", n.values),
    ints("nodes_truenodeids", n.trueIds),
    ints("nodes_falsenodeids", n.falseIds),
    ints("nodes_missing_value_tracks_true", n.missingTracksTrue),
    ints(`${prefix}treeids`, n.leafTreeIds),
    ints(`${prefix}nodeids`, n.leafNodeIds),
    ints(`${prefix}ids`, n.leafNodeIds.map(() => 0)),
    floats(`${prefix}weights`, n.leafWeights),
    floats("base_values", [model.baseScore]),
    text("post_transform", binary ? "LOGISTIC" : "NONE"),
    ...(binary ? [ints("classlabels_int64s", [0, 1])] : [{ name: "n_targets", type: A.INT, i: 1 }, text("aggregate_function", "SUM")]),
  ];
  const outputs = binary
    ? [tensor(ONNX_NAMES.label, INT64, ["N"]), tensor(ONNX_NAMES.probabilities, FLOAT, ["N", 2])]
    : [tensor(ONNX_NAMES.score, FLOAT, ["N", 1])];
  const node: onnx.INodeProto = {
    opType: binary ? "TreeEnsembleClassifier" : "TreeEnsembleRegressor",
    domain: "ai.onnx.ml",
    name: "gbdt",
    input: [ONNX_NAMES.input],
    output: outputs.map((o) => o.name!),
    attribute,
  };
  const graph: onnx.IGraphProto = {
    name: `gbdt_${model.objective}`,
    node: [node],
    input: [tensor(ONNX_NAMES.input, FLOAT, ["N", model.featureNames.length])],
    output: outputs,
  };
  const metadataProps = [
    { key: "feature_names", value: JSON.stringify(model.featureNames) },
    { key: "objective", value: model.objective },
    { key: "best_iteration", value: String(model.bestIteration) },
  ];
  const proto = {
    irVersion: 4,
    producerName: "shortlist",
    opsetImport: [{ domain: "", version: 9 }, { domain: "ai.onnx.ml", version: 1 }],
    graph,
    metadataProps,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(proto)).finish();
}
