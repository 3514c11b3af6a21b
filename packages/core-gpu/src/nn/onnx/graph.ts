/**
 * A small ONNX graph builder: inputs, initializers, nodes and outputs, serialised to a ModelProto.
 *
 * Library decision: models are encoded with `onnx-proto` (8.0.1, ONNX 1.10.2's onnx.proto compiled
 * by protobufjs), which imports and encodes under Bun and whose output onnxruntime-node loads
 * (graph.test.ts). Its schema is generated code, so fields are never hand-numbered as they are in
 * cpu/protobuf.ts, which should not grow further. IR version 8 is the newest that schema knows.
 */
import { onnx } from "onnx-proto";
import { ELEM, attribute, elemOf, valueInfo, type AttrValue, type Dim, type ElemType } from "./proto.ts";

export type { AttrValue, Dim, ElemType };

/** Opset versions for domains a node may use; ai.onnx.ml 3 pairs with default-domain 17. */
const DOMAIN_OPSET: Record<string, number> = { "": 17, "ai.onnx.ml": 3, "com.microsoft": 1 };

/**
 * Builds one ONNX graph. Tensor names must be unique; `uniqueName` hands out fresh ones. Shapes
 * are tracked where known (`shapeOf`) so emitters can check dimensions and pick ops by rank.
 * Initializer data is copied when added, so later changes to the arrays do not leak into the model.
 * @example
 * const g = new OnnxGraph("scorer");
 * const x = g.input("x", "float", ["batch", 4]);
 * g.node("Relu", [x], ["y"]);
 * g.output("y", "float", ["batch", 4]);
 * const session = await ort.InferenceSession.create(g.toBytes());
 */
export class OnnxGraph {
  /** Names handed out or used (uniqueName avoids them). */
  private readonly taken = new Set<string>();
  /** Tensors that exist: inputs, initializers, node outputs. */
  private readonly defined = new Set<string>();
  private readonly shapes = new Map<string, Dim[]>();
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private readonly domains = new Set<string>([""]);
  private readonly consts = new Map<string, string>();

  constructor(readonly name = "shortlist") {}

  /** `base` if unused, else `base_1`, `base_2`, … (the name is reserved). */
  uniqueName(base: string): string {
    let n = base;
    for (let i = 1; this.taken.has(n); i++) n = `${base}_${i}`;
    this.taken.add(n);
    return n;
  }

  /** The known dims of a tensor, or undefined. */
  shapeOf(name: string): Dim[] | undefined { return this.shapes.get(name); }
  /** Records a tensor's dims (emitters call this for their outputs). */
  setShape(name: string, dims: Dim[]): void { this.shapes.set(name, dims); }

  /** Declares a graph input; returns its name. */
  input(name: string, elem: ElemType, dims: Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, elem, dims));
    this.shapes.set(name, dims);
    return name;
  }

  /** Adds a constant tensor (row-major); throws when data.length is not the product of dims. */
  initializer(name: string, data: Float32Array | Int32Array | BigInt64Array, dims: number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new RangeError(`initializer ${name}: data has ${data.length} values, dims [${dims.join(", ")}] need ${size}`);
    this.claim(name);
    // raw_data is little-endian, as typed arrays are on every platform we run on.
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.inits.push({ name, dims, dataType: ELEM[elemOf(data)], rawData });
    this.shapes.set(name, dims);
    return name;
  }

  /** A shared int64 constant (e.g. axes), created once per value list. */
  int64(values: number[]): string {
    const key = values.join(",");
    let n = this.consts.get(key);
    if (!n) {
      n = this.initializer(this.uniqueName(`const_i64_${key.replace(/[-,]/g, "_")}`), BigInt64Array.from(values, BigInt), [values.length]);
      this.consts.set(key, n);
    }
    return n;
  }

  /** A shared float scalar constant. */
  scalar(value: number): string {
    const key = `f${value}`;
    let n = this.consts.get(key);
    if (!n) this.consts.set(key, (n = this.initializer(this.uniqueName(`const_f32_${this.consts.size}`), new Float32Array([value]), [])));
    return n;
  }

  /** Appends a node; inputs must already exist ("" marks an omitted optional input). */
  node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}, domain = ""): string[] {
    for (const i of inputs) if (i !== "" && !this.defined.has(i)) throw new Error(`${opType}: unknown input tensor "${i}"`);
    if (!(domain in DOMAIN_OPSET)) throw new Error(`${opType}: no opset version known for domain "${domain}"`);
    const attribute_ = Object.entries(attrs).map(([k, v]) => attribute(k, v));
    for (const o of outputs) this.claim(o); // last: a refused node leaves the graph as it was
    this.domains.add(domain);
    this.nodes.push({ opType, input: inputs, output: outputs, name: `${opType}_${outputs[0]}`, attribute: attribute_, domain });
    return outputs;
  }

  /** Declares an existing tensor as a graph output. */
  output(name: string, elem: ElemType, dims: Dim[]): void {
    if (!this.defined.has(name)) throw new Error(`output: unknown tensor "${name}"`);
    this.outputs.push(valueInfo(name, elem, dims));
  }

  /** Serialises the ModelProto (IR 8, opset 17, plus the opsets of other domains used). */
  toBytes(): Uint8Array {
    const opsetImport = [...this.domains].map((domain) => ({ domain, version: DOMAIN_OPSET[domain] }));
    const graph = { name: this.name, node: this.nodes, input: this.inputs, output: this.outputs, initializer: this.inits };
    const model = { irVersion: 8, producerName: "shortlist", opsetImport, graph };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }

  private claim(name: string): void {
    if (!name || this.defined.has(name)) throw new Error(`tensor name "${name}" is ${name ? "already defined" : "empty"}`);
    this.defined.add(name);
    this.taken.add(name);
  }
}
