/**
 * Small server-side SVG charts (no scripts, no network): grouped bars, horizontal bars, histograms.
 * Every mark carries a class (`bar`, `hbar`, `bin`) and a <title> so tests and readers can inspect it.
 */
const PALETTE = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5"];

export const color = (i: number): string => PALETTE[i % PALETTE.length]!;

export function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3)));
}

function niceMax(v: number): number {
  if (v <= 0 || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v)!;
}

function yAxis(x0: number, y0: number, h: number, w: number, max: number): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return ticks.map((t) => {
    const y = y0 + h - t * h;
    return `<line x1="${x0}" x2="${x0 + w}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="${x0 - 6}" y="${y + 4}" text-anchor="end" font-size="11">${fmt(t * max)}</text>`;
  }).join("");
}

function legend(series: string[], x: number, y: number): string {
  return series.map((s, i) => `<rect x="${x}" y="${y + i * 18}" width="12" height="12" fill="${color(i)}"/><text x="${x + 18}" y="${y + i * 18 + 10}" font-size="12">${esc(s)}</text>`).join("");
}

/**
 * Grouped vertical bars: one group per category, one bar per series.
 * @example groupedBars("Metrics", ["recall@10"], ["itemcf", "popular"], [[0.2, 0.1]])
 */
export function groupedBars(title: string, categories: string[], series: string[], values: number[][]): string {
  const left = 56, top = 30, plotH = 220, groupW = Math.max(40, series.length * 18 + 16), legendW = 170;
  const plotW = categories.length * groupW;
  const width = left + plotW + 20 + legendW, height = top + plotH + 70;
  const max = niceMax(Math.max(0, ...values.flat().filter(Number.isFinite)));
  const barW = (groupW - 16) / Math.max(1, series.length);
  let marks = "";
  categories.forEach((c, ci) => {
    const gx = left + ci * groupW + 8;
    series.forEach((s, si) => {
      const v = values[ci]?.[si];
      if (v === undefined || !Number.isFinite(v)) return;
      const h = (v / max) * plotH;
      marks += `<rect class="bar" x="${gx + si * barW}" y="${top + plotH - h}" width="${Math.max(1, barW - 2)}" height="${Math.max(h, 0.5)}" fill="${color(si)}"><title>${esc(s)} ${esc(c)} = ${fmt(v)}</title></rect>`;
    });
    marks += `<text x="${gx + (groupW - 16) / 2}" y="${top + plotH + 16}" font-size="11" text-anchor="end" transform="rotate(-35 ${gx + (groupW - 16) / 2} ${top + plotH + 16})">${esc(c)}</text>`;
  });
  return svg(width, height, title, yAxis(left, top, plotH, plotW, max) + marks + legend(series, left + plotW + 20, top));
}

/** Horizontal bars (e.g. stage timings). */
export function horizontalBars(title: string, labels: string[], values: number[], unit = ""): string {
  const left = 190, top = 30, rowH = 22, plotW = 420;
  const height = top + labels.length * rowH + 30, width = left + plotW + 80;
  const max = niceMax(Math.max(0, ...values));
  const marks = labels.map((l, i) => {
    const w = ((values[i] ?? 0) / max) * plotW;
    const y = top + i * rowH;
    return `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="12">${esc(l)}</text><rect class="hbar" x="${left}" y="${y + 3}" width="${Math.max(w, 0.5)}" height="${rowH - 6}" fill="${color(0)}"><title>${esc(l)}: ${fmt(values[i] ?? 0)}${unit}</title></rect><text x="${left + w + 6}" y="${y + 14}" font-size="11">${fmt(values[i] ?? 0)}${unit}</text>`;
  }).join("");
  return svg(width, height, title, marks);
}

/** Histogram of values in `bins` equal-width bins. */
export function histogram(title: string, values: ArrayLike<number>, bins = 30): string {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (hi === lo) hi = lo + 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]!++;
  }
  const left = 56, top = 30, plotW = 360, plotH = 160;
  const max = niceMax(Math.max(...counts));
  const bw = plotW / bins;
  const marks = counts.map((c, i) => {
    const h = (c / max) * plotH;
    return `<rect class="bin" x="${left + i * bw}" y="${top + plotH - h}" width="${Math.max(1, bw - 1)}" height="${h}" fill="${color(0)}"><title>[${fmt(lo + (i * (hi - lo)) / bins)}, ${fmt(lo + ((i + 1) * (hi - lo)) / bins)}): ${c}</title></rect>`;
  }).join("");
  const axis = `<text x="${left}" y="${top + plotH + 16}" font-size="11">${fmt(lo)}</text><text x="${left + plotW}" y="${top + plotH + 16}" font-size="11" text-anchor="end">${fmt(hi)}</text>`;
  return svg(left + plotW + 20, top + plotH + 30, title, yAxis(left, top, plotH, plotW, max) + marks + axis);
}

function svg(minWidth: number, height: number, title: string, body: string): string {
  const width = Math.max(minWidth, title.length * 8 + 24);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" font-family="system-ui, sans-serif"><text x="8" y="18" font-size="14" font-weight="600">${esc(title)}</text>${body}</svg>`;
}
