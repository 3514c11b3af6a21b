/**
 * Retrying a batch after a dropped connection, with exponential backoff. Only failures that a retry
 * can cure are retried. For Redis: connection errors, and the replies Redis gives while it cannot
 * take writes yet (LOADING after a restart, BUSY, TRYAGAIN, MASTERDOWN, READONLY during a
 * failover); wrong types or an OOM are reported at once. Other sinks pass their own test.
 */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|CLUSTERDOWN)\b/;

/** Whether a Redis failure may pass on its own. @example isRetryable(new Error("Connection is closed.")) // true */
export function isRetryable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === "ReplyError") return TRANSIENT_REPLY.test(e.message);
  return true;
}

/**
 * Exponential backoff with jitter: base·2^attempt capped at max, then scaled by 0.5–1 so many
 * batches failing together do not come back in step.
 * @example backoffMs(3, { retries: 8, baseDelayMs: 100, maxDelayMs: 5000 }, () => 1) // 800
 */
export function backoffMs(attempt: number, p: RetryPolicy, random: () => number = Math.random): number {
  const full = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  return full * (0.5 + random() / 2);
}

/**
 * A retryable failure that outlasted every retry; `cause` is the last failure.
 * @example if (e instanceof RetriesExhausted) throw new UserError(`Redis stayed away: ${e.message}`)
 */
export class RetriesExhausted extends Error {
  override name = "RetriesExhausted";
}

/**
 * Runs `fn` until it succeeds, retrying retryable failures with backoff.
 * @example await withRetry("batch 7", policy, () => send(batch), () => stats.retries++)
 */
export async function withRetry<T>(
  what: string, p: RetryPolicy, fn: () => Promise<T>, onRetry?: (e: unknown) => void, retryable: (e: unknown) => boolean = isRetryable,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!retryable(e)) throw e;
      if (attempt >= p.retries) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new RetriesExhausted(`${what} still failing after ${attempt + 1} attempts: ${msg}`, { cause: e });
      }
      onRetry?.(e);
      await Bun.sleep(backoffMs(attempt, p));
    }
  }
}
