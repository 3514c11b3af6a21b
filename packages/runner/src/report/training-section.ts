/**
 * Training curves of learned stages: every `training.<algo>` json artifact (`{ algo, metric,
 * bestEpoch, epochs: [{ epoch, loss, valid, seconds, samplesPerSecond }] }`, as recall.simplex and
 * recall.twotower write it) drawn as two charts over epochs, the training loss and the validation
 * metric, with the best epoch (the one the stage kept) marked in both.
 */
import { xAxis, yAxis } from "./axis.ts";
import { figure, section } from "./html.ts";
import type { ReportInput } from "./report-input.ts";
import { linear, niceTicks } from "./scale.ts";
import { color, esc, fmt, svg } from "./svg.ts";

/** The shape of a `training.<algo>` artifact. */
export interface TrainingArtifact {
  algo: string;
  metric: string;
  /** 1-based; 0 when no epoch was validated. */
  bestEpoch: number;
  epochs: { epoch: number; loss: number; valid: number | null; seconds: number; samplesPerSecond: number }[];
}

/** True for a value shaped as a training artifact (the report skips anything else). @example isTraining({ algo: "x", metric: "ndcg@10", bestEpoch: 0, epochs: [] }) // true */
export function isTraining(v: unknown): v is TrainingArtifact {
  const o = v as Partial<TrainingArtifact> | null;
  return !!o && typeof o.algo === "string" && typeof o.metric === "string" && typeof o.bestEpoch === "number" && Array.isArray(o.epochs)
    && o.epochs.every((e) => !!e && typeof e.epoch === "number" && typeof e.loss === "number");
}

/**
 * One value per epoch as a line over a linear epoch axis, the best epoch marked by a dashed line
 * and a dot (class "best").
 * @example epochChart("loss: training.simplex", [1, 2, 3], [0.9, 0.5, 0.4], 3, 0)
 */
export function epochChart(title: string, epochs: number[], values: (number | null)[], best: number, colour: number): string {
  const left = 48, top = 28, plotW = 240, plotH = 150, width = left + plotW + 16, height = top + plotH + 34;
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const ticks = niceTicks(Math.min(0, ...finite), Math.max(0, ...finite), 4);
  const y = linear([ticks[0]!, ticks.at(-1)!], [top + plotH, top]);
  const last = Math.max(2, ...epochs);
  const x = linear([1, last], [left, left + plotW]);
  const xt = niceTicks(1, last, 5).filter((t) => t >= 1 && t <= last && Number.isInteger(t));
  // A gap (null) breaks the line rather than dropping to zero.
  let d = "";
  let pen = "M";
  // A dot per epoch as well, so a run of one epoch (a line of no length) still shows its value.
  let dots = "";
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return void (pen = "M");
    d += `${pen}${x(epochs[i]!).toFixed(1)},${y(v).toFixed(1)}`;
    dots += `<circle class="point" cx="${x(epochs[i]!).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color(colour)}"><title>epoch ${epochs[i]}: ${fmt(v)}</title></circle>`;
    pen = "L";
  });
  const line = d ? `<path class="line" d="${d}" fill="none" stroke="${color(colour)}" stroke-width="2"><title>${esc(title)}</title></path>${dots}` : "";
  const at = epochs.indexOf(best);
  const v = at >= 0 ? values[at] : null;
  const mark = at >= 0 && v !== null && v !== undefined && Number.isFinite(v)
    ? `<g class="best"><line x1="${x(best).toFixed(1)}" x2="${x(best).toFixed(1)}" y1="${top}" y2="${top + plotH}" stroke="#888" stroke-dasharray="4 3"/><circle cx="${x(best).toFixed(1)}" cy="${y(v).toFixed(1)}" r="4" fill="${color(colour)}"><title>best epoch ${best}: ${fmt(v)}</title></circle></g>`
    : "";
  return svg(width, height, title, yAxis(ticks, y, left, plotW) + xAxis(xt.length ? xt : [1, last], x, top + plotH, "epoch") + line + mark);
}

/** One figure per training artifact. @example trainingSection({ ...input, training: [{ name: "training.simplex", value }] }) */
export function trainingSection(r: ReportInput): string {
  const figs = (r.training ?? []).map(({ name, value: t }, i) => {
    const epochs = t.epochs.map((e) => e.epoch);
    const loss = epochChart(`Training loss: ${name}`, epochs, t.epochs.map((e) => e.loss), t.bestEpoch, i);
    const charts = [loss];
    if (t.epochs.some((e) => e.valid !== null)) charts.push(epochChart(`Validation ${t.metric}: ${name}`, epochs, t.epochs.map((e) => e.valid), t.bestEpoch, i));
    const best = t.epochs.find((e) => e.epoch === t.bestEpoch);
    const seconds = t.epochs.reduce((s, e) => s + e.seconds, 0);
    const rate = t.epochs.length ? t.epochs.reduce((s, e) => s + e.samplesPerSecond, 0) / t.epochs.length : 0;
    const kept = best && best.valid !== null ? `best epoch ${best.epoch} (${t.metric} ${fmt(best.valid)}) kept` : "no validation: the last epoch kept";
    return figure(`training-${name}`, charts, `${t.algo}: ${t.epochs.length} epochs in ${fmt(seconds)} s (${fmt(rate)} samples/s on average); ${kept}.`);
  });
  return figs.length ? section("Training", "Loss per epoch (mean over the epoch's batches) and the validation metric the stage stopped early on; the dashed line marks the epoch whose parameters the stage kept.", figs.join("")) : "";
}
