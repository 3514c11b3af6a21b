/**
 * Opens an HTML file in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * at a given window width and reports what rendered: for each chart, its panels, marks with a
 * visible box and axis ticks; and whether the page scrolls sideways. For tests.
 */
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface RenderedChart {
  id: string;
  /** SVGs in the figure (one per metric in a small-multiples chart). */
  panels: number;
  marks: number;
  visibleMarks: number;
  /** Tick marks of the panel with the fewest: every panel has an axis with at least this many. */
  minTicks: number;
  /** Numeric x tick labels of the first panel (histograms: more than the two ends). */
  xTickLabels: string[];
  width: number;
  height: number;
}

export interface RenderedPage {
  charts: RenderedChart[];
  /** document.documentElement's scrollWidth and clientWidth: scrollWidth > clientWidth means a sideways scroll bar. */
  scrollWidth: number;
  clientWidth: number;
}

/** @example const page = await renderedReport("runs/movielens/report.html", 1280) */
export async function renderedReport(htmlFile: string, viewportWidth = 1280, screenshot?: string): Promise<RenderedPage> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: viewportWidth, height: 900 } });
    const blocked: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) blocked.push(r.url());
    });
    await page.goto(`file://${htmlFile}`);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    if (blocked.length) throw new Error(`the report requested the network: ${blocked.join(", ")}`);
    const charts = await page.$$eval("figure.chart", (figs) =>
      figs.map((f) => {
        const svgs = [...f.querySelectorAll("svg")];
        const box = (f.querySelector(".panels") ?? f.querySelector("svg"))!.getBoundingClientRect();
        // runs in the page: SVG DOM types are not in this project's lib, so describe the one method used
        const marks = [...f.querySelectorAll("rect.bar, rect.hbar, rect.bin, path.line")] as unknown as { getBBox(): { width: number; height: number } }[];
        return {
          id: f.getAttribute("data-chart") ?? "",
          panels: svgs.length,
          marks: marks.length,
          visibleMarks: marks.filter((m) => m.getBBox().width > 0 && m.getBBox().height > 0).length,
          minTicks: Math.min(...svgs.map((s) => s.querySelectorAll("line.tick").length)),
          xTickLabels: [...(svgs[0]?.querySelectorAll("g.axis.x text.tick-label") ?? [])].map((t) => t.textContent ?? ""),
          width: box.width,
          height: box.height,
        };
      }),
    );
    const { scrollWidth, clientWidth } = await page.$eval("html", (root) => ({ scrollWidth: root.scrollWidth, clientWidth: root.clientWidth }));
    return { charts, scrollWidth, clientWidth };
  } finally {
    await browser.close();
  }
}
