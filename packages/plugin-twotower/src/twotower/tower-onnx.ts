/**
 * A tower as an ONNX model that takes raw features: one input per feature, named after its
 * column. Integer categorical features are int64 [batch], string ones string [batch], a
 * multi-valued feature is its tokens as string [batch, len] padded with "" (the caller splits
 * "Action|Comedy"), a numeric feature float [batch]. Raw values become codes with ai.onnx.ml
 * LabelEncoder (unknown values → the unknown row, as in training), numeric ones are standardised
 * in the graph (NaN → the mean). The output `vector` is [batch, dim].
 */
import { emitConcat, emitL2Normalize, OnnxGraph, type AttrValue, type Dim } from "@shortlist/core-gpu/nn";
import type { Tower } from "./tower.ts";

const ML = "ai.onnx.ml";

/**
 * Serialises `tower` (its current weights) as an ONNX model.
 * @example
 * const bytes = await exportTower(userTower); // inputs: user, gender, age, …; output: vector
 */
export async function exportTower(tower: Tower): Promise<Uint8Array> {
  const g = new OnnxGraph(`${tower.name}_tower`);
  const parts: string[] = [];
  for (const { feature: f, layer } of tower.embeddings) {
    const x = g.input(f.name, f.numericKeys ? "int64" : "string", ["batch"]);
    const codes = g.uniqueName(`${f.name}.codes`);
    const keys: Record<string, AttrValue> = f.numericKeys ? { keys_int64s: f.keys as number[] } : { keys_strings: { strings: f.keys as string[] } };
    g.node("LabelEncoder", [x], [codes], { ...keys, values_int64s: Array.from(f.keyCodes), default_int64: 0 }, ML);
    g.setShape(codes, ["batch"]);
    parts.push(await layer.exportOnnx(g, codes, `${tower.name}.${f.name}`));
  }
  for (const { feature: f, layer } of tower.bags) {
    const dims: Dim[] = ["batch", `${f.name}_len`];
    const x = g.input(f.name, "string", dims);
    const [codes, weights] = [g.uniqueName(`${f.name}.codes`), g.uniqueName(`${f.name}.weights`)];
    const keys = { strings: f.keys };
    g.node("LabelEncoder", [x], [codes], { keys_strings: keys, values_int64s: f.keys.map((_, i) => i + 1), default_int64: 0 }, ML);
    // Padding and unknown tokens weigh 0: the bag is the mean of its known tokens, as in training.
    g.node("LabelEncoder", [x], [weights], { keys_strings: keys, values_floats: { floats: f.keys.map(() => 1) }, default_float: { float: 0 } }, ML);
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
  return g.toBytes();
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
