/**
 * Builds the tiny ONNX graphs the CPU backend runs on onnxruntime's MLAS: one matrix product with
 * optional transposes, bias and ReLU, every dimension symbolic so one session serves every shape.
 */
import { ProtoWriter } from "./protobuf.ts";

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2; // AttributeProto.AttributeType.INT

/** What a matmul graph's structure depends on (its session cache key). */
export interface MatmulGraphKey {
  batched: boolean;
  transA: boolean;
  transB: boolean;
  bias: boolean;
  relu: boolean;
}

function valueInfo(name: string, dims: string[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.bytes(1, new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, FLOAT).bytes(2, shape);
  return new ProtoWriter().string(1, name).bytes(2, new ProtoWriter().bytes(1, tensorType));
}

function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, number> = {}, domain = ""): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  n.string(3, `${op}_${outputs[0]}`).string(4, op);
  for (const [name, v] of Object.entries(attrs)) n.bytes(5, new ProtoWriter().string(1, name).int(3, v).int(20, ATTR_INT));
  if (domain) n.string(7, domain);
  return n;
}

/**
 * Serialises the model for a matmul structure. Inputs "A", "B" (and "bias"), output "C".
 * 2-D products use Gemm (transposes are attributes, so MLAS reads the operands in place); batched
 * ones use com.microsoft FusedMatMul, which takes the same transposes over a leading batch dim.
 * @example
 * const bytes = matmulModel({ batched: false, transA: false, transB: true, bias: true, relu: true });
 * await ort.InferenceSession.create(bytes);
 */
export function matmulModel(key: MatmulGraphKey): Uint8Array {
  const lead = key.batched ? ["batch"] : [];
  const aDims = key.transA ? [...lead, "k", "m"] : [...lead, "m", "k"];
  const bDims = key.transB ? [...lead, "n", "k"] : [...lead, "k", "n"];
  const g = new ProtoWriter();
  const product = key.relu ? "P" : "C";
  if (!key.batched) {
    const ins = key.bias ? ["A", "B", "bias"] : ["A", "B"];
    g.bytes(1, node("Gemm", ins, [product], { transA: key.transA ? 1 : 0, transB: key.transB ? 1 : 0 }));
  } else {
    const mm = key.bias ? "M" : product;
    g.bytes(1, node("FusedMatMul", ["A", "B"], [mm], { transA: key.transA ? 1 : 0, transB: key.transB ? 1 : 0 }, "com.microsoft"));
    if (key.bias) g.bytes(1, node("Add", ["M", "bias"], [product]));
  }
  if (key.relu) g.bytes(1, node("Relu", ["P"], ["C"]));
  g.string(2, "matmul");
  g.bytes(11, valueInfo("A", aDims)).bytes(11, valueInfo("B", bDims));
  if (key.bias) g.bytes(11, valueInfo("bias", ["n"]));
  g.bytes(12, valueInfo("C", [...lead, "m", "n"]));
  return new ProtoWriter()
    .int(1, 8) // ir_version 8
    .string(2, "shortlist-core-gpu")
    .bytes(7, g)
    .bytes(8, new ProtoWriter().string(1, "").int(2, 17))
    .bytes(8, new ProtoWriter().string(1, "com.microsoft").int(2, 1))
    .finish();
}
