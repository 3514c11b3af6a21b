/**
 * Opens an HTML file in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * and reports what rendered: for each chart, how many marks have a visible box. For tests.
 */
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface RenderedChart {
  id: string;
  marks: number;
  visibleMarks: number;
  width: number;
  height: number;
}

/** @example const charts = await renderedCharts("runs/movielens/report.html") */
export async function renderedCharts(htmlFile: string, screenshot?: string): Promise<RenderedChart[]> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) blocked.push(r.url());
    });
    await page.goto(`file://${htmlFile}`);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    if (blocked.length) throw new Error(`the report requested the network: ${blocked.join(", ")}`);
    return await page.$$eval("figure.chart", (figs) =>
      figs.map((f) => {
        const svg = f.querySelector("svg")!;
        const box = svg.getBoundingClientRect();
        // runs in the page: SVG DOM types are not in this project's lib, so describe the one method used
        const marks = [...svg.querySelectorAll("rect.bar, rect.hbar, rect.bin")] as unknown as { getBBox(): { width: number; height: number } }[];
        return {
          id: f.getAttribute("data-chart") ?? "",
          marks: marks.length,
          visibleMarks: marks.filter((m) => m.getBBox().width > 0 && m.getBBox().height > 0).length,
          width: box.width,
          height: box.height,
        };
      }),
    );
  } finally {
    await browser.close();
  }
}
