/** Prints benchmark rows as an aligned text table (also usable as Markdown). */

/**
 * Formats rows (all with the same keys) as a Markdown table string.
 * @example
 * console.log(formatTable([{ kernel: "matmul", ms: "12.3" }]));
 */
export function formatTable(rows: Record<string, string>[]): string {
  if (rows.length === 0) return "(no rows)";
  const keys = Object.keys(rows[0]!);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => (r[k] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(" | ")} |`;
  return [line(keys), line(width.map((w) => "-".repeat(w))), ...rows.map((r) => line(keys.map((k) => r[k] ?? "")))].join("\n");
}
