import { expect, test } from "bun:test";
import { isRetryableMongo } from "./mongo-connection.ts";

function named(name: string, labels: string[] = []): Error {
  const e = new Error(name) as Error & { errorLabels: string[] };
  e.name = name;
  e.errorLabels = labels;
  return e;
}

test("network failures and retryable-labelled errors are retried; others are not", () => {
  expect(isRetryableMongo(named("MongoNetworkError"))).toBe(true);
  expect(isRetryableMongo(named("MongoServerSelectionError"))).toBe(true);
  expect(isRetryableMongo(named("MongoServerError", ["RetryableWriteError"]))).toBe(true);
  expect(isRetryableMongo(named("MongoServerError"))).toBe(false);
  expect(isRetryableMongo(named("MongoBulkWriteError"))).toBe(false);
  expect(isRetryableMongo("x")).toBe(false);
});
