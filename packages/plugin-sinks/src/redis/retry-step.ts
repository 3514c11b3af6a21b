/**
 * The steps of sink.redis that are not batches (connecting, the RedisJSON probe, the version
 * allocation, the pointer switch) are retried on a lost connection like the batches are, with the
 * stage's `retries` and backoff: a restart of the server at any point of the stage, not only
 * mid-write, ends in a complete publication. Each retry is logged with its cause.
 */
import type { StageContext } from "@shortlist/runner";
import { withRetry, type RetryPolicy } from "../retry.ts";
import { isTransient } from "./redis-faults.ts";
import type { RedisOptions } from "./redis-options.ts";

/** @example retryPolicyOf(o) // { retries: 10, baseDelayMs: 100, maxDelayMs: 5000 } */
export function retryPolicyOf(o: Pick<RedisOptions, "retries" | "retryBaseMs" | "retryMaxMs">): RetryPolicy {
  return { retries: o.retries, baseDelayMs: o.retryBaseMs, maxDelayMs: o.retryMaxMs };
}

/** The `onRetry` that logs why `what` is tried again. @example withRetry(what, policy, fn, logRetry(ctx, what)) */
export function logRetry(ctx: Pick<StageContext, "log">, what: string): (e: unknown) => void {
  return (e) => ctx.log(`${what}: ${e instanceof Error ? e.message : String(e)}; retrying`);
}

/**
 * Runs one step, retrying it with backoff while it fails for a lost connection.
 * @example const version = await retryStep(ctx, policy, "allocating a version", () => allocateVersion(redis, prefix));
 */
export function retryStep<T>(ctx: Pick<StageContext, "log">, policy: RetryPolicy, what: string, fn: () => Promise<T>): Promise<T> {
  return withRetry(what, policy, fn, logRetry(ctx, what), isTransient);
}
