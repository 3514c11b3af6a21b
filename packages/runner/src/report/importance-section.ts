/**
 * Feature importance of tree rankers: every `importance.<algo>` json artifact a stage wrote
 * (`{ feature: string[], gain: number[], split: number[] }`, as rank.gbdt writes it) drawn as two
 * bar charts, total split gain and split count, of the features with the most gain.
 */
import { figure, section } from "./html.ts";
import { horizontalBars } from "./horizontal-bars.ts";
import type { ReportInput } from "./report-input.ts";

/** The shape of an `importance.<algo>` artifact. */
export interface ImportanceArtifact { feature: string[]; gain: number[]; split: number[] }

/** Features shown per model: the rest are in the artifact. */
const TOP = 15;

/** True for a value shaped as an importance artifact (the report skips anything else). @example isImportance({ feature: [], gain: [], split: [] }) // true */
export function isImportance(v: unknown): v is ImportanceArtifact {
  const o = v as Partial<ImportanceArtifact> | null;
  return !!o && Array.isArray(o.feature) && Array.isArray(o.gain) && Array.isArray(o.split) && o.gain.length === o.feature.length && o.split.length === o.feature.length;
}

/** One figure per importance artifact. @example importanceSection({ ...input, importance: [{ name: "importance.gbdt", value }] }) */
export function importanceSection(r: ReportInput): string {
  const figs = (r.importance ?? []).map(({ name, value: v }) => {
    const order = v.feature.map((_, f) => f).sort((a, b) => v.gain[b]! - v.gain[a]! || a - b).slice(0, TOP);
    const labels = order.map((f) => v.feature[f]!);
    const gain = horizontalBars(`Total gain: ${name}`, labels, order.map((f) => v.gain[f]!), (x) => x.toPrecision(3), "loss reduction");
    const split = horizontalBars(`Split count: ${name}`, labels, order.map((f) => v.split[f]!), (x) => String(Math.round(x)), "splits");
    const unused = v.split.filter((s) => s === 0).length;
    const caption = `${order.length} of ${v.feature.length} features by total gain${unused ? `; ${unused} feature${unused === 1 ? " was" : "s were"} never split on` : ""}.`;
    return figure(`importance-${name}`, [gain, split], caption);
  });
  return figs.length ? section("Feature importance", "Gain: the loss reduction of all splits on a feature; split count: how many splits use it (the trees the model keeps).", figs.join("")) : "";
}
