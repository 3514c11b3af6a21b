/**
 * What can go wrong between the sink and Redis, sorted into what a retry may cure (a dropped
 * connection, a server restarting) and what the user must fix (a server out of memory, a server
 * that stays away). The latter become UserErrors (CLI exit 2) that name the server and the fix,
 * not internal errors with a stack.
 */
import { UserError } from "@shortlist/runner";
import { isRetryable, RetriesExhausted } from "../retry.ts";

// ioredis's own connection failures, and the socket errors under them.
const CONNECTION = /Connection is closed|max retries per request|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/i;

/**
 * Whether a failure of a single step (connect, probe, allocation, switch) is a lost connection or
 * a transient reply, worth retrying. Narrower than `isRetryable`: a bug in our code (a TypeError),
 * a UserError, or a step whose own retries ran out is not retried again.
 * @example isTransient(new Error("Connection is closed.")) // true
 */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof Error) || e instanceof RetriesExhausted || e instanceof UserError) return false;
  if (e.name === "ReplyError") return isRetryable(e);
  return e.name === "MaxRetriesPerRequestError" || CONNECTION.test(e.message) || CONNECTION.test(String((e as { code?: unknown }).code ?? ""));
}

/** A write the server refused for want of memory (maxmemory reached). @example isOutOfMemory(replyError("OOM command not allowed…")) // true */
export function isOutOfMemory(e: unknown): e is Error {
  return e instanceof Error && e.name === "ReplyError" && /^OOM\b/.test(e.message);
}

/**
 * Turns a failure the user must fix into a UserError naming the server (`display`: host:port/db,
 * no password); returns anything else unchanged.
 * @example throw explainFailure(e, "cache:6379/0")
 */
export function explainFailure(e: unknown, display: string): unknown {
  const last = e instanceof RetriesExhausted ? e.cause : e;
  if (isOutOfMemory(last)) {
    return new UserError(
      `Redis at ${display} is out of memory: it refused a write with "${last.message.split("\n")[0]!.replace(/\.$/, "")}". ` +
        "A publication needs room for its keys while the published version is still there (up to twice the data): " +
        "raise maxmemory (CONFIG SET maxmemory, or redis.conf), free memory on that server, or publish fewer artifacts " +
        "(an evicting maxmemory-policy would silently drop published keys instead). " +
        "The published version is unchanged; this run's partial keys were removed (where that failed too, the next run removes them).",
      { cause: last },
    );
  }
  if (e instanceof RetriesExhausted || isTransient(e)) {
    const msg = e instanceof Error ? e.message : String(e);
    return new UserError(
      `lost the connection to Redis at ${display} and could not get it back: ${msg}. Is redis-server running and reachable? ` +
        "For longer outages raise retries, retryMaxMs or reconnectAttempts. Nothing half-written is published: " +
        "the pointer names a complete version, and keys this run left are removed by the next run.",
      { cause: e },
    );
  }
  return e;
}
