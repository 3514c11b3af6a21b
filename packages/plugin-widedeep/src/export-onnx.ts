/**
 * model.widedeep.onnx: the trained model as one ONNX graph over the raw feature columns as
 * serving has them. Inputs: every sparse, crossed and sequence column as int64 [batch], every
 * dense column as float [batch] (NaN = missing), each named as its column. Outputs: `score`
 * (probability) and `logit`, float [batch]. Hashing, table rows and the dense transform are
 * inside the graph (onnx-features.ts).
 */
import { OnnxGraph } from "@shortlist/core-gpu/nn";
import { emitDense, emitFieldRows, emitSequenceRows, emitWideBuckets } from "./onnx-features.ts";
import type { WideDeep } from "./model.ts";

/** The graph's int64 input columns, in order (sparse, other crossed, sequence). */
export function integerInputs(model: WideDeep): string[] {
  const { sparse, wide, sequence } = model.pre.columns;
  const out = [...sparse];
  if (model.wide) for (const cols of wide) for (const c of cols) if (!out.includes(c)) out.push(c);
  for (const c of sequence) if (!out.includes(c)) out.push(c);
  return out;
}

/**
 * Builds the graph with the model's current weights.
 * @example
 * const bytes = (await exportWideDeep(model)).toBytes();
 */
export async function exportWideDeep(model: WideDeep): Promise<OnnxGraph> {
  const g = new OnnxGraph("widedeep");
  const pre = model.pre;
  const { sparse, sequence, dense, wide } = pre.columns;
  const E = model.o.embeddingSize;
  for (const c of integerInputs(model)) g.input(c, "int64", ["batch"]);
  for (const c of dense) if (!integerInputs(model).includes(c)) g.input(c, "float", ["batch"]);
  const table = g.initializer("deep.table", (await model.deep.table.read()) as Float32Array, [Math.max(1, pre.deepRows), E]);
  const parts: string[] = [];
  if (sparse.length > 0) {
    const rows = g.node("Gather", [table, emitFieldRows(g, pre)], ["deep.fields3"], { axis: 0 })[0]!;
    parts.push(g.node("Reshape", [rows, g.int64([0, sparse.length * E])], ["deep.fields"])[0]!);
  }
  if (sequence.length > 0) {
    const { ids, mask } = emitSequenceRows(g, pre);
    const rows = g.node("Gather", [table, ids], ["seq.rows"], { axis: 0 })[0]!;
    const weighted = g.node("Mul", [rows, g.node("Unsqueeze", [mask, g.int64([2])], ["seq.mask3"])[0]!], ["seq.weighted"])[0]!;
    const sum = g.node("ReduceSum", [weighted, g.int64([1])], ["seq.sum"], { keepdims: 0 })[0]!;
    const count = g.node("ReduceSum", [mask, g.int64([1])], ["seq.count"], { keepdims: 1 })[0]!;
    parts.push(g.node("Div", [sum, g.node("Max", [count, g.scalar(1)], ["seq.denom"])[0]!], ["seq.bag"])[0]!);
  }
  if (dense.length > 0) parts.push(emitDense(g, pre));
  const h = parts.length === 1 ? parts[0]! : g.node("Concat", parts, ["deep.input"], { axis: 1 })[0]!;
  g.setShape(h, ["batch", model.inDim]);
  let logit = await model.mlp.exportOnnx(g, h, "mlp");
  if (model.wide && wide.length > 0) {
    const weights = g.initializer("wide.weight", (await model.wide.table.read()) as Float32Array, [pre.wideBuckets]);
    const w = g.node("Gather", [weights, emitWideBuckets(g, pre)], ["wide.terms"], { axis: 0 })[0]!;
    const sum = g.node("ReduceSum", [w, g.int64([1])], ["wide.logit"], { keepdims: 1 })[0]!;
    logit = g.node("Add", [logit, sum], ["logit2"])[0]!;
  }
  g.node("Reshape", [logit, g.int64([-1])], ["logit"]);
  g.node("Sigmoid", ["logit"], ["score"]);
  g.output("score", "float", ["batch"]);
  g.output("logit", "float", ["batch"]);
  return g;
}
