/** A problem the user can fix (bad config, bad input file, bad connection string): CLI exit code 2. */
export class UserError extends Error {
  override name = "UserError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The run was asked to stop (Ctrl-C, SIGTERM, an aborted signal): CLI exit code 130. Finished
 * stages stay in the run directory, so the next run resumes after them.
 */
export class Interrupted extends Error {
  override name = "Interrupted";
}

/** Something went wrong in the toolkit itself: CLI exit code 1. */
export class InternalError extends Error {
  override name = "InternalError";
}

/** A failure inside a stage, wrapped with the plugin and stage that raised it (as Rollup's PluginDriver does). */
export class StageError extends Error {
  override name = "StageError";
  constructor(
    readonly plugin: string,
    readonly stage: string,
    readonly original: unknown,
  ) {
    const msg = original instanceof Error ? original.message : String(original);
    super(`[${plugin}] stage "${stage}": ${msg}`, { cause: original });
  }
  /** A user error inside a stage stays a user error (exit 2). */
  get isUserError(): boolean {
    return this.original instanceof UserError;
  }
}

/**
 * A user error about one line of an input file: names the file, the line number and the line's text.
 * @example throw new InputError("ratings.dat", 17, "1::x::5", "rating is not a number")
 */
export class InputError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly text: string,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}\n  ${line} | ${text.length > 200 ? text.slice(0, 200) + "…" : text}`);
  }
}
