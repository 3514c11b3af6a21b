/**
 * A tower as an ONNX model that takes raw features: one input per feature, named after its
 * column. Integer categorical features are int64 [batch], string ones string [batch], a
 * multi-valued feature is its tokens as string [batch, len] padded with "" (the caller splits
 * "Action|Comedy"), a numeric feature float [batch]. Raw values become codes with ai.onnx.ml
 * LabelEncoder (unknown values → the unknown row, as in training), numeric ones are standardised
 * in the graph (NaN → the mean). The output `vector` is [batch, dim].
 *
 * core-gpu's builder has no string tensors or string-list attributes, so string inputs and
 * string keys are declared as int64 placeholders and patched into the encoded model (strings.ts).
 */
import { emitConcat, emitL2Normalize, OnnxGraph, type Dim } from "@shortlist/core-gpu/nn";
import { patchStrings, type StringPatches } from "./strings.ts";
import type { Tower } from "./tower.ts";

const ML = "ai.onnx.ml";

/**
 * Serialises `tower` (its current weights) as an ONNX model.
 * @example
 * const bytes = await exportTower(userTower); // inputs: user, gender, age, …; output: vector
 */
export async function exportTower(tower: Tower): Promise<Uint8Array> {
  const g = new OnnxGraph(`${tower.name}_tower`);
  const patches: StringPatches = { inputs: [], keys: new Map() };
  const parts: string[] = [];
  for (const { feature: f, layer } of tower.embeddings) {
    const x = g.input(f.name, "int64", ["batch"]);
    if (!f.numericKeys) patches.inputs.push(f.name);
    const codes = g.uniqueName(`${f.name}.codes`);
    const attrs = { values_int64s: Array.from(f.keyCodes), default_int64: 0, ...(f.numericKeys ? { keys_int64s: f.keys as number[] } : {}) };
    g.node("LabelEncoder", [x], [codes], attrs, ML);
    if (!f.numericKeys) patches.keys.set(`LabelEncoder_${codes}`, f.keys as string[]);
    g.setShape(codes, ["batch"]);
    parts.push(await layer.exportOnnx(g, codes, `${tower.name}.${f.name}`));
  }
  for (const { feature: f, layer } of tower.bags) {
    const dims: Dim[] = ["batch", `${f.name}_len`];
    const x = g.input(f.name, "int64", dims);
    patches.inputs.push(f.name);
    const [codes, weights] = [g.uniqueName(`${f.name}.codes`), g.uniqueName(`${f.name}.weights`)];
    g.node("LabelEncoder", [x], [codes], { values_int64s: f.keys.map((_, i) => i + 1), default_int64: 0 }, ML);
    // Padding and unknown tokens weigh 0: the bag is the mean of its known tokens, as in training.
    g.node("LabelEncoder", [x], [weights], { values_floats: { floats: f.keys.map(() => 1) }, default_float: { float: 0 } }, ML);
    patches.keys.set(`LabelEncoder_${codes}`, f.keys);
    patches.keys.set(`LabelEncoder_${weights}`, f.keys);
    g.setShape(codes, dims);
    g.setShape(weights, dims);
    const y = await layer.exportOnnx(g, codes, weights, `${tower.name}.${f.name}`);
    g.setShape(y, ["batch", layer.dim]);
    parts.push(y);
  }
  for (const f of tower.numeric) parts.push(standardise(g, g.input(f.name, "float", ["batch"]), f.mean, f.std, f.name));
  let h = await tower.mlp.exportOnnx(g, parts.length === 1 ? parts[0]! : emitConcat(g, parts, 1), `${tower.name}.mlp`);
  if (tower.o.l2Normalize) h = emitL2Normalize(g, h);
  g.node("Identity", [h], ["vector"]);
  g.output("vector", "float", ["batch", tower.dim]);
  return patchStrings(g.toBytes(), patches);
}

/** (x − mean) / std as [batch, 1], NaN read as the mean (0 after standardising). */
function standardise(g: OnnxGraph, x: string, mean: number, std: number, name: string): string {
  const n = (s: string) => g.uniqueName(`${name}.${s}`);
  const [nan, filled, centred, scaled, y] = [n("nan"), n("filled"), n("centred"), n("scaled"), n("col")];
  g.node("IsNaN", [x], [nan]);
  g.node("Where", [nan, g.scalar(mean), x], [filled]);
  g.node("Sub", [filled, g.scalar(mean)], [centred]);
  g.node("Div", [centred, g.scalar(std)], [scaled]);
  g.node("Unsqueeze", [scaled, g.int64([1])], [y]);
  g.setShape(y, ["batch", 1]);
  return y;
}
