import { expect, test } from "bun:test";
import { backoffMs, isRetryable, withRetry } from "./retry.ts";

const policy = { retries: 3, baseDelayMs: 1, maxDelayMs: 4 };
function replyError(message: string): Error {
  const e = new Error(message);
  e.name = "ReplyError";
  return e;
}

test("connection errors and transient replies are retryable; other replies are not", () => {
  expect(isRetryable(new Error("Connection is closed."))).toBe(true);
  expect(isRetryable(replyError("LOADING Redis is loading the dataset in memory"))).toBe(true);
  expect(isRetryable(replyError("READONLY You can't write against a read only replica."))).toBe(true);
  expect(isRetryable(replyError("WRONGTYPE Operation against a key holding the wrong kind of value"))).toBe(false);
  expect(isRetryable(replyError("OOM command not allowed when used memory > 'maxmemory'."))).toBe(false);
  expect(isRetryable("not an error")).toBe(false);
});

test("backoff doubles from the base up to the cap, jittered to 50–100%", () => {
  const p = { retries: 9, baseDelayMs: 100, maxDelayMs: 1000 };
  expect([0, 1, 2, 3, 4, 5].map((a) => backoffMs(a, p, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  expect(backoffMs(2, p, () => 0)).toBe(200);
});

test("withRetry retries until success and reports each retry", async () => {
  let calls = 0;
  const seen: unknown[] = [];
  const out = await withRetry("batch", policy, async () => {
    if (++calls < 3) throw new Error("ECONNRESET");
    return "done";
  }, (e) => seen.push(e));
  expect(out).toBe("done");
  expect(calls).toBe(3);
  expect(seen.length).toBe(2);
});

test("withRetry gives up after the last retry and says how many attempts it made", async () => {
  let calls = 0;
  const p = withRetry("batch 4", policy, async () => {
    calls++;
    throw new Error("Connection is closed.");
  });
  await expect(p).rejects.toThrow("batch 4 still failing after 4 attempts: Connection is closed.");
  expect(calls).toBe(4);
});

test("withRetry does not retry an error a retry cannot cure", async () => {
  let calls = 0;
  await expect(withRetry("b", policy, async () => {
    calls++;
    throw replyError("WRONGTYPE x");
  })).rejects.toThrow("WRONGTYPE x");
  expect(calls).toBe(1);
});

test("a sink can pass its own test of what is retryable", async () => {
  let calls = 0;
  const out = await withRetry("b", policy, async () => {
    if (++calls === 1) throw new Error("transient 91");
    return calls;
  }, undefined, (e) => e instanceof Error && e.message.includes("91"));
  expect(out).toBe(2);
});
