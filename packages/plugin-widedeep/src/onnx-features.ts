/**
 * ONNX emitters for the model's preprocessing, so the exported graph takes the raw feature
 * columns: wide buckets (hashing.ts's arithmetic in int64: Mul, Add, Mod), deep table rows
 * (value mod rows + the field's offset), the sequence's padding mask, and the dense transform.
 * Each mirrors one function of encode.ts exactly (integers) or to float rounding (dense).
 */
import type { OnnxGraph } from "@shortlist/core-gpu/nn";
import { A, P } from "./hashing.ts";
import type { Preprocessing } from "./preprocess.ts";

const i64 = (g: OnnxGraph, name: string, values: number[]) => g.initializer(g.uniqueName(name), BigInt64Array.from(values, BigInt), [values.length]);

/** Columns (graph inputs, [batch]) stacked into [batch, k]. */
export function stack(g: OnnxGraph, inputs: string[], name: string): string {
  const cols = inputs.map((x) => g.node("Unsqueeze", [x, g.int64([1])], [g.uniqueName(`${x}.col`)])[0]!);
  return cols.length === 1 ? cols[0]! : g.node("Concat", cols, [g.uniqueName(name)], { axis: 1 })[0]!;
}

function op(g: OnnxGraph, type: string, inputs: string[], name: string, attrs = {}): string {
  return g.node(type, inputs, [g.uniqueName(name)], attrs)[0]!;
}

/**
 * Wide bucket ids int64 [batch, W] from the raw columns (inputs named as the columns), grouped by
 * cross arity so each step runs over all features of that arity at once.
 * @example const buckets = emitWideBuckets(g, pre); // Gather them from the wide weights
 */
export function emitWideBuckets(g: OnnxGraph, pre: Preprocessing): string {
  const byArity = new Map<number, number[]>();
  pre.columns.wide.forEach((cols, k) => byArity.set(cols.length, [...(byArity.get(cols.length) ?? []), k]));
  const groups: string[] = [];
  for (const [arity, ks] of byArity) {
    let h = i64(g, `wide.seed${arity}`, ks.map((k) => k + 1));
    for (let j = 0; j < arity; j++) {
      const x = stack(g, ks.map((k) => pre.columns.wide[k]![j]!), `wide.x${arity}_${j}`);
      const v = op(g, "Mod", [x, g.int64([P])], "wide.v");
      const hA = op(g, "Mod", [op(g, "Mul", [h, g.int64([A])], "wide.hA"), g.int64([P])], "wide.hAmod");
      h = op(g, "Mod", [op(g, "Add", [hA, v], "wide.sum"), g.int64([P])], "wide.h");
    }
    const fin = op(g, "Mod", [op(g, "Mul", [h, g.int64([A])], "wide.fA"), g.int64([P])], "wide.fmod");
    groups.push(op(g, "Mod", [fin, g.int64([pre.wideBuckets])], `wide.bucket${arity}`));
  }
  return groups.length === 1 ? groups[0]! : op(g, "Concat", groups, "wide.buckets", { axis: 1 });
}

/** Deep table rows int64 [batch, F] of the sparse fields. */
export function emitFieldRows(g: OnnxGraph, pre: Preprocessing): string {
  const x = stack(g, pre.columns.sparse, "deep.x");
  const m = op(g, "Mod", [x, i64(g, "deep.rows", pre.fieldRows)], "deep.mod");
  return op(g, "Add", [m, i64(g, "deep.offset", pre.fieldOffset)], "deep.ids");
}

/** The sequence's table rows int64 [batch, L] and its mask float [batch, L] (0 where the id is 0). */
export function emitSequenceRows(g: OnnxGraph, pre: Preprocessing): { ids: string; mask: string } {
  const x = stack(g, pre.columns.sequence, "seq.x");
  const pad = op(g, "Equal", [x, g.int64([0])], "seq.pad");
  const mask = op(g, "Cast", [op(g, "Not", [pad], "seq.real")], "seq.mask", { to: 1 });
  const m = op(g, "Mod", [x, g.int64([pre.seqRows])], "seq.mod");
  return { ids: op(g, "Add", [m, g.int64([pre.seqOffset])], "seq.ids"), mask };
}

/** Standardised dense features float [batch, D] (NaN → 0). */
export function emitDense(g: OnnxGraph, pre: Preprocessing): string {
  let x = stack(g, pre.columns.dense, "dense.x");
  if (pre.denseLog) {
    const lg = op(g, "Log", [op(g, "Add", [op(g, "Abs", [x], "dense.abs"), g.scalar(1)], "dense.abs1")], "dense.log1p");
    x = op(g, "Mul", [op(g, "Sign", [x], "dense.sign"), lg], "dense.slog");
  }
  const f32 = (name: string, v: number[]) => g.initializer(g.uniqueName(name), Float32Array.from(v), [v.length]);
  const z = op(g, "Div", [op(g, "Sub", [x, f32("dense.mean", pre.denseMean)], "dense.centred"), f32("dense.std", pre.denseStd)], "dense.z");
  return op(g, "Where", [op(g, "IsNaN", [z], "dense.nan"), g.scalar(0), z], "dense.out");
}
