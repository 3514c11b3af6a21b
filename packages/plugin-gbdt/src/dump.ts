/**
 * The model's own JSON dump (`model.gbdt.json`), in the spirit of LightGBM's `dump_model`: each
 * tree nested from its root, every split naming its feature, test, missing-value direction, gain
 * and row count, so a person can read how a score is made. It carries everything the predictor
 * needs, with the flat arrays' node and leaf numbers kept, so `loadGbdtDump(dumpGbdt(m))` gives
 * back the same arrays. Versioned by `format`; a dump of another version is refused on load.
 */
import { UserError } from "@shortlist/runner";
import type { GbdtModel, GbdtTree } from "./model.ts";

export const DUMP_FORMAT = "shortlist-gbdt-dump/1";

/** A leaf: its number in the tree's leaf arrays, its value (learning rate applied), its rows. */
export interface DumpLeaf { leaf: number; value: number; count: number }
/** A split: `x <= threshold` (numeric) or `x ∈ categories` goes left; NaN goes to `missing`. */
export interface DumpSplit {
  node: number;
  feature: string;
  featureIndex: number;
  decision: "<=" | "in";
  threshold?: number;
  categories?: number[];
  missing: "left" | "right";
  gain: number;
  count: number;
  left: DumpNode;
  right: DumpNode;
}
export type DumpNode = DumpSplit | DumpLeaf;

export interface GbdtDump {
  format: typeof DUMP_FORMAT;
  model: Omit<GbdtModel, "trees" | "importance" | "format">;
  importance: { feature: string; gain: number; split: number }[];
  trees: { tree: number; leaves: number; splits: number; root: DumpNode }[];
}

/**
 * The model as a readable, versioned JSON value (pass it to JSON.stringify or `json()`).
 * @example ctx.output("model.gbdt.json", json(dumpGbdt(model)));
 */
export function dumpGbdt(model: GbdtModel): GbdtDump {
  const { trees, importance, format: _format, ...rest } = model;
  return {
    format: DUMP_FORMAT,
    model: rest,
    importance: model.featureNames.map((feature, f) => ({ feature, gain: importance.gain[f] ?? 0, split: importance.split[f] ?? 0 })),
    trees: trees.map((t, i) => ({ tree: i, leaves: t.leafValue.length, splits: t.left.length, root: dumpNode(t, t.left.length > 0 ? 0 : -1, model.featureNames) })),
  };
}

function dumpNode(t: GbdtTree, child: number, names: string[]): DumpNode {
  if (child < 0) return { leaf: ~child, value: t.leafValue[~child]!, count: t.leafCount[~child]! };
  const f = t.splitFeature[child]!;
  const from = t.catOffsets[child]!, to = t.catOffsets[child + 1]!;
  const test = from === to ? { decision: "<=" as const, threshold: t.threshold[child]! } : { decision: "in" as const, categories: Array.from(t.catValues.subarray(from, to)) };
  return {
    node: child, feature: names[f] ?? `#${f}`, featureIndex: f, ...test,
    missing: t.defaultLeft[child] === 1 ? "left" : "right", gain: t.splitGain[child]!, count: t.internalCount[child]!,
    left: dumpNode(t, t.left[child]!, names), right: dumpNode(t, t.right[child]!, names),
  };
}

/**
 * Reads a dump back into a model the predictor and exporter take.
 * @example const model = loadGbdtDump(JSON.parse(readFileSync("model.gbdt.json", "utf8")));
 */
export function loadGbdtDump(value: unknown): GbdtModel {
  const d = value as Partial<GbdtDump> | null;
  if (!d || typeof d !== "object" || d.format !== DUMP_FORMAT || !d.model || !Array.isArray(d.trees) || !Array.isArray(d.importance)) {
    const found = d && typeof d === "object" ? `format ${JSON.stringify(d.format)}` : typeof d;
    throw new UserError(`GBDT dump: found ${found}; expected a "${DUMP_FORMAT}" dump as rank.gbdt writes to model.gbdt.json (re-export it with this version)`);
  }
  return {
    ...d.model,
    format: "shortlist-gbdt/1",
    importance: { gain: d.importance.map((i) => i.gain), split: d.importance.map((i) => i.split) },
    trees: d.trees.map((t) => loadTree(t.root, t.splits, t.leaves)),
  };
}

function loadTree(root: DumpNode, splits: number, leaves: number): GbdtTree {
  const t = {
    splitFeature: new Int32Array(splits), threshold: new Float32Array(splits), defaultLeft: new Uint8Array(splits), catOffsets: new Int32Array(splits + 1),
    left: new Int32Array(splits), right: new Int32Array(splits), splitGain: new Float32Array(splits), internalCount: new Int32Array(splits),
    leafValue: new Float64Array(leaves), leafCount: new Int32Array(leaves),
  };
  const cats: number[][] = Array.from({ length: splits }, () => []);
  const visit = (n: DumpNode): number => {
    if ("leaf" in n) {
      t.leafValue[n.leaf] = n.value;
      t.leafCount[n.leaf] = n.count;
      return ~n.leaf;
    }
    t.splitFeature[n.node] = n.featureIndex;
    t.threshold[n.node] = n.decision === "<=" ? n.threshold! : NaN;
    if (n.decision === "in") cats[n.node] = n.categories ?? [];
    t.defaultLeft[n.node] = n.missing === "left" ? 1 : 0;
    t.splitGain[n.node] = n.gain;
    t.internalCount[n.node] = n.count;
    t.left[n.node] = visit(n.left);
    t.right[n.node] = visit(n.right);
    return n.node;
  };
  visit(root);
  for (let i = 0; i < splits; i++) t.catOffsets[i + 1] = t.catOffsets[i]! + cats[i]!.length;
  return { ...t, catValues: Float32Array.from(cats.flat()) };
}
