/** Rows of the kernel benchmark: their shape, the table, and per-case failure handling. */
import type { Timing } from "./measure.ts";
import { formatTable } from "./table.ts";

/** One line of the table and of kernels.json. */
export interface Row {
  kernel: string;
  size: string;
  backend: string;
  ours: Timing;
  throughput: string;
  peer?: { name: string } & Timing;
  /** matmul: ours/peer throughput (higher is better); others: ours/peer time (lower is better). */
  ratio?: number;
  target: string;
  met?: boolean;
}

/**
 * Runs one case; a failure is logged and recorded instead of ending the subject's run.
 * @example
 * await attempt("cpu", "topK", failures, async () => { ... });
 */
export async function attempt(label: string, what: string, failures: string[], fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
    console.error(`bench: ${label} ${what} failed: ${msg}`);
    failures.push(`${label} ${what}: ${msg}`);
  }
}

/**
 * Prints the rows as a Markdown table.
 * @example
 * printTable(rows);
 */
export function printTable(rows: Row[]): void {
  console.log(formatTable(rows.map((r) => ({
    kernel: r.kernel, size: r.size, backend: r.backend, "median ms": r.ours.medianMs.toFixed(1), throughput: r.throughput,
    peer: r.peer ? `${r.peer.name} ${r.peer.medianMs.toFixed(1)} ms` : "—",
    "ours/peer": r.ratio === undefined ? "—" : `${r.ratio.toFixed(2)}× ${r.kernel === "matmul" ? "throughput" : "time"}`,
    target: r.target, met: r.met === undefined ? "—" : r.met ? "yes" : "no",
  }))));
}
