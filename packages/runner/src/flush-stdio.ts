/**
 * Letting stdout and stderr drain before the CLI exits. `process.exit()` drops whatever a pipe has
 * not taken yet, so `shortlist plugins --json | slow-reader` lost everything past 64 KiB (the
 * pipe's buffer). Under Bun neither `writableLength` nor `writableNeedDrain` says that output is
 * pending, and the callback of an empty write fires at once, but the callback of each real write
 * fires once that chunk is handed to the pipe: so we count the writes whose callback has not come.
 */

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

/**
 * Counts `stream`'s unfinished writes from now on; the returned function resolves once they are
 * all done, or at once when the reader has gone (EPIPE: waiting would never end).
 * @example
 * const drained = trackWrites(process.stdout);
 * process.stdout.write(bigJson);
 * await drained(); // now process.exit() loses nothing
 */
export function trackWrites(stream: NodeJS.WriteStream): () => Promise<void> {
  let pending = 0;
  let gone = false;
  let wake: (() => void) | undefined;
  const settle = () => {
    if (pending === 0 || gone) wake?.();
  };
  const onGone = () => {
    gone = true;
    settle();
  };
  stream.once("error", onGone);
  stream.once("close", onGone);
  const write = stream.write.bind(stream) as Write;
  (stream as unknown as { write: Write }).write = (chunk, encoding, callback) => {
    const done = (typeof encoding === "function" ? encoding : callback) as ((e?: Error | null) => void) | undefined;
    pending++;
    const after = (e?: Error | null) => {
      pending--;
      settle();
      done?.(e);
    };
    return typeof encoding === "string" ? write(chunk, encoding, after) : write(chunk, after);
  };
  return async () => {
    while (pending > 0 && !gone) await new Promise<void>((resolve) => (wake = resolve));
  };
}

/**
 * Exits with `code` once everything written to stdout and stderr since `trackStdio()` has drained.
 * @example const exit = trackStdio(); await exit(await main(argv));
 */
export function trackStdio(): (code: number) => Promise<never> {
  const out = trackWrites(process.stdout);
  const err = trackWrites(process.stderr);
  return async (code) => {
    await Promise.all([out(), err()]);
    process.exit(code);
  };
}
