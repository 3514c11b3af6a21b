/** Lines over K (metric@K curves), K on a log axis so K = 1…10 is not squeezed into a corner. */
import { xAxis, yAxis } from "./axis.ts";
import { linear, logScale, logTicks, niceTicks } from "./scale.ts";
import { color, esc, svg } from "./svg.ts";

export interface LineSeries {
  name: string;
  colour: number;
  /** K = 1…values.length. */
  values: number[];
}

/**
 * One small chart of metric@K, one line per series.
 * @example lineChart("recall@K", [{ name: "eval.itemcf", colour: 0, values: [0.05, 0.08, 0.1] }])
 */
export function lineChart(title: string, series: LineSeries[]): string {
  const left = 48, top = 28, plotW = 240, plotH = 150, width = left + plotW + 16, height = top + plotH + 34;
  const maxK = Math.max(2, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const ticks = niceTicks(0, Math.max(0, ...all), 4);
  const y = linear([ticks[0]!, ticks.at(-1)!], [top + plotH, top]);
  const x = logScale([1, maxK], [left, left + plotW]);
  const lines = series.map((s) => {
    const d = s.values.map((v, i) => `${i ? "L" : "M"}${x(i + 1).toFixed(1)},${y(Number.isFinite(v) ? v : 0).toFixed(1)}`).join("");
    return `<path class="line" d="${d}" fill="none" stroke="${color(s.colour)}" stroke-width="2"><title>${esc(s.name)}: ${esc(title)} at K = 1…${s.values.length}</title></path>`;
  }).join("");
  return svg(width, height, title, yAxis(ticks, y, left, plotW) + xAxis(logTicks(maxK), x, top + plotH, "K") + lines);
}
