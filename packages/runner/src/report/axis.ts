/**
 * Axes with ticks: every tick is a `line.tick` and a `text.tick-label`, so a reader sees the scale
 * between the ends and the report's browser test can count them.
 */
import { esc } from "./svg.ts";
import { formatTick } from "./scale.ts";

/**
 * A left axis with horizontal grid lines across the plot.
 * @example yAxis([0, 0.1, 0.2], y, 48, 260)
 */
export function yAxis(ticks: number[], y: (v: number) => number, x0: number, plotWidth: number, label?: string): string {
  const marks = ticks.map((t) => {
    const py = y(t).toFixed(1);
    return `<line x1="${x0}" x2="${x0 + plotWidth}" y1="${py}" y2="${py}" stroke="#e5e5e5"/><line class="tick" x1="${x0 - 4}" x2="${x0}" y1="${py}" y2="${py}" stroke="#888"/><text class="tick-label" x="${x0 - 6}" y="${Number(py) + 4}" text-anchor="end" font-size="11">${formatTick(t)}</text>`;
  }).join("");
  const title = label ? `<text x="${x0 - 6}" y="30" text-anchor="end" font-size="10" fill="#666">${esc(label)}</text>` : "";
  return `<g class="axis y">${marks}${title}</g>`;
}

/**
 * A bottom axis for numbers (bins, K).
 * @example xAxis([1, 10, 100], x, 180, "K")
 */
export function xAxis(ticks: number[], x: (v: number) => number, y0: number, label?: string): string {
  const marks = ticks.map((t) => {
    const px = x(t).toFixed(1);
    return `<line class="tick" x1="${px}" x2="${px}" y1="${y0}" y2="${y0 + 4}" stroke="#888"/><text class="tick-label" x="${px}" y="${y0 + 15}" text-anchor="middle" font-size="11">${formatTick(t)}</text>`;
  }).join("");
  const x1 = x(ticks[0]!), x2 = x(ticks.at(-1)!);
  const title = label ? `<text x="${x2}" y="${y0 + 28}" text-anchor="end" font-size="10" fill="#666">${esc(label)}</text>` : "";
  return `<g class="axis x"><line x1="${x1}" x2="${x2}" y1="${y0}" y2="${y0}" stroke="#888"/>${marks}${title}</g>`;
}

/**
 * A bottom axis of category names, one centred under each group.
 * @example bandAxis(["@10", "@20"], [80, 160], 180)
 */
export function bandAxis(labels: string[], centres: number[], y0: number): string {
  const marks = labels.map((l, i) => `<line class="tick" x1="${centres[i]}" x2="${centres[i]}" y1="${y0}" y2="${y0 + 4}" stroke="#888"/><text class="tick-label" x="${centres[i]}" y="${y0 + 15}" text-anchor="middle" font-size="11">${esc(l)}</text>`).join("");
  return `<g class="axis x">${marks}</g>`;
}
