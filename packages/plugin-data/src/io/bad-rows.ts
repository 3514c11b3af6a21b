/**
 * What to do with a malformed input line: stop with the file, line number, column and text
 * ("fail", the default), or skip it and count ("skip"); the count is logged and recorded as a metric.
 */
import { InputError, type StageContext } from "@shortlist/runner";
import { printable } from "./echo.ts";

export type OnBadRow = "fail" | "skip";

export class BadRows {
  count = 0;
  private first = "";

  constructor(private readonly policy: OnBadRow) {}

  /**
   * Reports one bad line: throws InputError under "fail", counts it under "skip". `file` is the
   * path as resolved (so the user can open it), `column` names the field (see columnLabel), and
   * the line's text is echoed escaped and capped, whatever bytes the file holds.
   * @example bad.report("/data/ml-1m/ratings.dat", 17, "1::x::5::0", "column 2 (item id)", '"x" is not an integer')
   */
  report(file: string, line: number, text: string, column: string, problem: string): void {
    if (this.policy === "fail") throw new InputError(file, line, printable(text), `${column}: ${problem} (set onBadRow: skip to skip such lines)`);
    if (this.count === 0) this.first = `${file}:${line}: ${column}: ${problem}`;
    this.count++;
  }

  /** Logs and records how many lines were skipped (under "skip"; 0 is recorded too, as evidence). */
  finish(ctx: Pick<StageContext, "log" | "metrics">): void {
    if (this.policy !== "skip") return;
    ctx.metrics.record("skipped_rows", this.count);
    if (this.count > 0) ctx.log(`skipped ${this.count} malformed line${this.count === 1 ? "" : "s"} (first: ${this.first})`);
  }
}
