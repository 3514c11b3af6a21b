/** HTML pieces of the report: figures, legends, tables that never widen the page. */
import { color, esc } from "./svg.ts";

/**
 * A chart: one or more SVGs side by side (wrapping on narrow pages), a legend and a caption.
 * @example figure("timings", [svgText], "Wall time of each stage.")
 */
export function figure(id: string, charts: string[], caption: string, legend?: { name: string; colour: number }[]): string {
  const key = legend?.length ? `<ul class="legend">${legend.map((l) => `<li><span style="background:${color(l.colour)}"></span>${esc(l.name)}</li>`).join("")}</ul>` : "";
  return `<figure class="chart" data-chart="${esc(id)}">${key}<div class="panels">${charts.join("")}</div><figcaption>${esc(caption)}</figcaption></figure>`;
}

/**
 * A table inside a box that scrolls by itself when it is wider than the page, so the page never
 * does; the first column is the row's name.
 * @example table(["metric", "eval.itemcf"], [["recall@10", "0.2100"]])
 */
export function table(head: string[], rows: string[][], id?: string): string {
  return `<div class="table-wrap"${id ? ` data-table="${esc(id)}"` : ""}><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
}

/** A section with a heading and a short explanation. @example section("Dataset", "Sizes of each split.", table(…)) */
export function section(title: string, intro: string, body: string): string {
  return `<section><h2>${esc(title)}</h2>${intro ? `<p>${esc(intro)}</p>` : ""}${body}</section>`;
}
