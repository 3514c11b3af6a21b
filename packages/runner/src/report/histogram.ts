/** Histogram of a score column, with round ticks on both axes. */
import { xAxis, yAxis } from "./axis.ts";
import { linear, niceTicks } from "./scale.ts";
import { color, fmt, svg } from "./svg.ts";

/**
 * `bins` equal-width bins over the finite values; the bins span round tick values, so the x axis
 * reads at a glance rather than only at its ends.
 * @example histogram("Scores", new Float32Array([0.1, 0.5, 0.9]))
 */
export function histogram(title: string, values: ArrayLike<number>, bins = 30): string {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const xt = niceTicks(lo, hi === lo ? lo + 1 : hi, 6);
  const [x0, x1] = [xt[0]!, xt.at(-1)!];
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor(((v - x0) / (x1 - x0)) * bins))]!++;
  }
  const left = 52, top = 28, plotW = 420, plotH = 150;
  const yt = niceTicks(0, Math.max(1, ...counts), 4);
  const y = linear([0, yt.at(-1)!], [top + plotH, top]);
  const x = linear([x0, x1], [left, left + plotW]);
  const bw = plotW / bins;
  const marks = counts.map((c, i) => {
    const from = x0 + (i * (x1 - x0)) / bins, to = x0 + ((i + 1) * (x1 - x0)) / bins;
    return `<rect class="bin" x="${(left + i * bw).toFixed(1)}" y="${y(c).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${(top + plotH - y(c)).toFixed(1)}" fill="${color(0)}"><title>[${fmt(from)}, ${fmt(to)}): ${c}</title></rect>`;
  }).join("");
  return svg(left + plotW + 20, top + plotH + 34, `${title} (recommendations per score bin)`, yAxis(yt, y, left, plotW) + marks + xAxis(xt, x, top + plotH, "score"));
}
