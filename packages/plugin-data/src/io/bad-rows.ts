/**
 * What to do with a malformed input line: stop with the file, line number and text ("fail", the
 * default), or skip it and count ("skip"); the count is logged and recorded as a metric.
 */
import { InputError, type StageContext } from "@shortlist/runner";

export type OnBadRow = "fail" | "skip";

export class BadRows {
  count = 0;
  private first = "";

  constructor(private readonly policy: OnBadRow) {}

  /**
   * Reports one bad line: throws InputError under "fail", counts it under "skip".
   * @example bad.report("ratings.dat", 17, "1::x::5::0", 'rating "x" is not a number')
   */
  report(file: string, line: number, text: string, problem: string): void {
    if (this.policy === "fail") throw new InputError(file, line, text, `${problem} (set onBadRow: skip to skip such lines)`);
    if (this.count === 0) this.first = `${file}:${line}: ${problem}`;
    this.count++;
  }

  /** Logs and records how many lines were skipped (under "skip"; 0 is recorded too, as evidence). */
  finish(ctx: Pick<StageContext, "log" | "metrics">): void {
    if (this.policy !== "skip") return;
    ctx.metrics.record("skipped_rows", this.count);
    if (this.count > 0) ctx.log(`skipped ${this.count} malformed line${this.count === 1 ? "" : "s"} (first: ${this.first})`);
  }
}
