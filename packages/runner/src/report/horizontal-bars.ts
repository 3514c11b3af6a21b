/** Horizontal bars with a value axis: stage timings and peak memory. */
import { xAxis } from "./axis.ts";
import { linear, niceTicks } from "./scale.ts";
import { clip, color, esc, svg, textWidth } from "./svg.ts";

/**
 * One bar per label; `format` writes the value beside its bar and in the tooltip.
 * @example horizontalBars("Stage timings", ["data", "itemcf"], [1.2, 3.4], (v) => `${v.toFixed(2)} s`)
 */
export function horizontalBars(title: string, labels: string[], values: number[], format: (v: number) => string, axisLabel?: string): string {
  const shown = labels.map((l) => clip(l, 40));
  const left = Math.min(260, 12 + Math.max(0, ...shown.map((l) => textWidth(l, 12)))), top = 28, rowH = 22, plotW = 420;
  const height = top + labels.length * rowH + 34, width = left + plotW + 80;
  const ticks = niceTicks(0, Math.max(0, ...values.filter(Number.isFinite)), 5);
  const x = linear([0, ticks.at(-1)!], [left, left + plotW]);
  const marks = labels.map((l, i) => {
    const v = Number.isFinite(values[i]) ? values[i]! : 0;
    const w = x(v) - left, ty = top + i * rowH;
    return `<text x="${left - 8}" y="${ty + 14}" text-anchor="end" font-size="12">${esc(shown[i]!)}</text><rect class="hbar" x="${left}" y="${ty + 3}" width="${Math.max(w, 0.5).toFixed(1)}" height="${rowH - 6}" fill="${color(0)}"><title>${esc(l)}: ${esc(format(v))}</title></rect><text x="${(left + w + 6).toFixed(1)}" y="${ty + 14}" font-size="11">${esc(format(v))}</text>`;
  }).join("");
  return svg(width, height, title, marks + xAxis(ticks, x, top + labels.length * rowH + 2, axisLabel));
}
