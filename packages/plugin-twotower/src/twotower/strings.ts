/**
 * String tensors for the exported towers. core-gpu's OnnxGraph declares only float / int32 /
 * int64 tensors and integer / float attributes, so string inputs are built as int64 placeholders
 * and LabelEncoder nodes without their string keys; this rewrites the encoded model: the named
 * inputs become string tensors and each named node gets its `keys_strings`.
 */
import { onnx } from "onnx-proto";

export interface StringPatches {
  /** Graph inputs whose element type becomes string. */
  inputs: string[];
  /** Node name → its keys_strings attribute. */
  keys: Map<string, string[]>;
}

/**
 * Applies `p` to the serialised model `bytes`.
 * @example
 * const bytes = patchStrings(g.toBytes(), { inputs: ["gender"], keys: new Map([["LabelEncoder_gender.codes", ["F", "M"]]]) });
 */
export function patchStrings(bytes: Uint8Array, p: StringPatches): Uint8Array {
  if (p.inputs.length === 0 && p.keys.size === 0) return bytes;
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const [inputs, nodes] = [graph.input ?? [], graph.node ?? []];
  for (const name of p.inputs) {
    const input = inputs.find((i) => i.name === name);
    if (!input?.type?.tensorType) throw new Error(`patchStrings: the model has no tensor input "${name}"`);
    input.type.tensorType.elemType = onnx.TensorProto.DataType.STRING;
  }
  const encoder = new TextEncoder();
  for (const [nodeName, keys] of p.keys) {
    const node = nodes.find((n) => n.name === nodeName);
    if (!node) throw new Error(`patchStrings: the model has no node "${nodeName}"`);
    (node.attribute ??= []).push(onnx.AttributeProto.create({ name: "keys_strings", type: onnx.AttributeProto.AttributeType.STRINGS, strings: keys.map((k) => encoder.encode(k)) }));
  }
  return onnx.ModelProto.encode(model).finish();
}
