/** Grouped vertical bars: one group per category (a K), one bar per series (a stage), one scale. */
import { bandAxis, yAxis } from "./axis.ts";
import { linear, niceTicks } from "./scale.ts";
import { color, esc, fmt, svg } from "./svg.ts";

export interface BarSeries {
  name: string;
  /** Palette index, so a stage has one colour in every chart. */
  colour: number;
  /** One value per category; NaN leaves a gap. */
  values: number[];
}

/**
 * One small chart; the report puts one per metric side by side, each with its own scale.
 * `reference` draws a dashed line at that value (1 for lift).
 * @example barChart("recall", ["@10", "@20"], [{ name: "eval.itemcf", colour: 0, values: [0.2, 0.3] }])
 */
export function barChart(title: string, categories: string[], series: BarSeries[], reference?: number): string {
  const left = 48, top = 28, plotH = 150, groupW = Math.max(56, series.length * 16 + 20);
  const plotW = categories.length * groupW, width = Math.max(220, left + plotW + 12), height = top + plotH + 26;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const ticks = niceTicks(Math.min(0, ...all), Math.max(0, reference ?? 0, ...all), 4);
  const y = linear([ticks[0]!, ticks.at(-1)!], [top + plotH, top]);
  const barW = (groupW - 16) / Math.max(1, series.length);
  let marks = "";
  categories.forEach((c, ci) => {
    const gx = left + ci * groupW + 8;
    series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === undefined || !Number.isFinite(v)) return;
      const y0 = y(0), y1 = y(v);
      marks += `<rect class="bar" x="${(gx + si * barW).toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${Math.max(1, barW - 2).toFixed(1)}" height="${Math.max(Math.abs(y0 - y1), 0.5).toFixed(1)}" fill="${color(s.colour)}"><title>${esc(s.name)} ${esc(title)}${esc(c)} = ${fmt(v)}</title></rect>`;
    });
  });
  const ref = reference === undefined ? "" : `<line x1="${left}" x2="${left + plotW}" y1="${y(reference)}" y2="${y(reference)}" stroke="#333" stroke-dasharray="4 3"/>`;
  const centres = categories.map((_, ci) => left + ci * groupW + groupW / 2);
  return svg(width, height, title, yAxis(ticks, y, left, plotW) + marks + ref + bandAxis(categories, centres, top + plotH));
}
