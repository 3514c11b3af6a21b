/**
 * Per-stage progress and elapsed time: one live line in a terminal, throttled plain lines otherwise
 * (at most one per 10 % step or 5 s), so logs from CI stay readable.
 */
export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

function fmtSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60).toString().padStart(2, "0")}s`;
}

export class ProgressReporter {
  private stage = "";
  private label = "";
  private started = 0;
  private lastPlain = 0;
  private lastStep = -1;
  private lastTty = 0;
  private live = false;
  constructor(
    private readonly out: ProgressSink = process.stderr,
    private readonly tty: boolean = Boolean(out.isTTY),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts a stage's line; a stage about to be skipped as cached gets only its end line. */
  stageStart(index: number, count: number, id: string, cached = false): void {
    this.stage = id;
    this.label = `[${index + 1}/${count}] ${id}`;
    this.started = this.now();
    this.lastPlain = this.started;
    this.lastStep = -1;
    this.lastTty = 0;
    if (!this.tty && !cached) this.out.write(`${this.label} …\n`);
  }

  elapsed(): number {
    return (this.now() - this.started) / 1000;
  }

  /** Reports `done` of `total` units from inside a stage. */
  update(done: number, total?: number, note?: string): void {
    const t = this.now();
    const pct = total ? Math.min(100, (100 * done) / total) : undefined;
    const text = `${this.label} ${pct !== undefined ? `${pct.toFixed(0)}% (${done}/${total})` : String(done)}${note ? ` ${note}` : ""} ${fmtSeconds(this.elapsed())}`;
    if (this.tty) {
      if (t - this.lastTty < 100 && done !== total) return;
      this.lastTty = t;
      this.live = true;
      this.out.write(`\r\x1b[K${text}`);
      return;
    }
    const step = pct === undefined ? -1 : Math.floor(pct / 10);
    if ((pct !== undefined && step > this.lastStep) || t - this.lastPlain >= 5000) {
      this.lastStep = Math.max(step, this.lastStep);
      this.lastPlain = t;
      this.out.write(`${text}\n`);
    }
  }

  /**
   * A log line from a stage, kept above the live line, prefixed with the stage's id — once: a
   * message that already starts with it (`recs.itemcf: …` from the stage whose id is recs.itemcf)
   * is not prefixed again.
   */
  log(message: string): void {
    this.clearLive();
    const prefix = this.stage ? `${this.stage}: ` : "";
    this.out.write(`  ${message.startsWith(prefix) ? message : prefix + message}\n`);
  }

  stageEnd(status: "done" | "cached" | "failed" | "interrupted", seconds: number): void {
    this.clearLive();
    const marks = { done: "✓", cached: "↺ cached (inputs and options unchanged)", failed: "✗ failed", interrupted: "✗ interrupted" };
    const mark = marks[status];
    this.out.write(`${this.label} ${mark}${status === "cached" ? "" : ` ${fmtSeconds(seconds)}`}\n`);
    this.stage = "";
  }

  private clearLive(): void {
    if (this.live) this.out.write("\r\x1b[K");
    this.live = false;
  }
}

export { fmtSeconds };
