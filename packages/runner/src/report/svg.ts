/**
 * SVG building blocks for the report's charts (no scripts, no network): escaping, the palette and
 * the <svg> element. Charts scale down with the page (viewBox; CSS max-width: 100%), so no chart
 * makes a narrow window scroll sideways.
 */
const PALETTE = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5"];

/** The i-th series colour; a stage keeps its colour in every chart. @example color(0) // "#4269d0" */
export const color = (i: number): string => PALETTE[i % PALETTE.length]!;

/** Escapes text for HTML and SVG. @example esc("a<b") // "a&lt;b" */
export function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** A value for a tooltip: 4 significant digits. @example fmt(0.123456) // "0.1235" */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(4)));
}

/** Rough width of a label at 11–12 px (SVG text is not measured server-side). @example textWidth("abc") // 20 */
export const textWidth = (s: string, px = 11): number => Math.ceil(s.length * px * 0.6);

/** Cuts a label to `max` characters with an ellipsis. @example clip("data.movielens", 6) // "data.…" */
export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * The <svg> element with its title; width and height set the aspect ratio, CSS scales it down.
 * @example svg(320, 200, "recall", "<rect …/>")
 */
export function svg(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" font-family="system-ui, sans-serif"><text x="8" y="16" font-size="13" font-weight="600">${esc(clip(title, Math.floor(width / 7.5)))}</text>${body}</svg>`;
}
