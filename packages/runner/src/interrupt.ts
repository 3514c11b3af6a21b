/**
 * Stopping a run. When the run's signal aborts, the running stage sees it as `ctx.signal` and may
 * stop on its own (and clean up, as the sinks do); the runner waits for it at most a grace period,
 * then stops waiting and reports the run as interrupted. A stage that ignores the signal is left to
 * the process's exit: its outputs are never recorded, so nothing half-written is kept.
 */
import { Interrupted } from "./errors.ts";

/** How long a running stage gets to stop by itself after an interrupt (default). */
export const DEFAULT_INTERRUPT_GRACE_MS = 10_000;

/**
 * `work`'s result, or an Interrupted error once `signal` has aborted and either `work` settled (an
 * error thrown after the abort counts as the stage stopping) or `graceMs` passed.
 * @example await untilInterrupted(st.def.run(ctx, opts), signal, 10_000, "stage recall.itemcf")
 */
export async function untilInterrupted<T>(work: Promise<T>, signal: AbortSignal, graceMs: number, what: string): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {}); // abandoned: its rejection must not surface as unhandled
    throw interrupted(what, "before it started");
  }
  let onAbort = () => {};
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), aborted]);
    if (first !== "aborted") return first.value;
  } catch (e) {
    if (signal.aborted) throw interrupted(what, "it stopped");
    throw e;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  // Aborted while the stage runs: give it the grace period to stop by itself.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), graceMs)));
  const settled = await Promise.race([work.then(() => "stopped" as const, () => "stopped" as const), grace]);
  clearTimeout(timer);
  if (settled === "timeout") work.catch(() => {});
  throw interrupted(what, settled === "stopped" ? "it stopped" : `it did not stop within ${graceMs / 1000} s; its outputs are not kept`);
}

function interrupted(what: string, how: string): Interrupted {
  return new Interrupted(`interrupted during ${what} (${how})`);
}
