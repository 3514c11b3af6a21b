import { expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { RetriesExhausted } from "../retry.ts";
import { explainFailure, isTransient } from "./redis-faults.ts";

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

test("isTransient retries lost connections, not bugs, refusals or steps whose retries ran out", () => {
  expect(isTransient(new Error("Connection is closed."))).toBe(true);
  expect(isTransient(named("MaxRetriesPerRequestError", "Reached the max retries per request limit (which is 3)."))).toBe(true);
  expect(isTransient(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
  expect(isTransient(named("ReplyError", "LOADING Redis is loading the dataset in memory"))).toBe(true);
  expect(isTransient(named("ReplyError", "OOM command not allowed when used memory > 'maxmemory'."))).toBe(false);
  expect(isTransient(new TypeError("undefined is not an object"))).toBe(false);
  expect(isTransient(new UserError("bad option"))).toBe(false);
  expect(isTransient(new RetriesExhausted("batch 3 still failing after 11 attempts: Connection is closed."))).toBe(false);
});

test("explainFailure turns OOM and a server that stayed away into UserErrors naming the server", () => {
  const oom = named("ReplyError", "OOM command not allowed when used memory > 'maxmemory'.");
  for (const e of [oom, new RetriesExhausted("batch 3 still failing", { cause: oom })]) {
    const u = explainFailure(e, "cache:6379/0");
    expect(u).toBeInstanceOf(UserError);
    expect((u as Error).message).toStartWith("Redis at cache:6379/0 is out of memory");
    expect((u as Error).message).toContain("raise maxmemory");
  }
  const gone = explainFailure(new RetriesExhausted("allocating a version still failing after 11 attempts: Connection is closed."), "cache:6379/0");
  expect(gone).toBeInstanceOf(UserError);
  expect((gone as Error).message).toContain("lost the connection to Redis at cache:6379/0");
  const bug = new TypeError("x is undefined");
  expect(explainFailure(bug, "cache:6379/0")).toBe(bug);
  const wrongType = named("ReplyError", "WRONGTYPE Operation against a key holding the wrong kind of value");
  expect(explainFailure(wrongType, "cache:6379/0")).toBe(wrongType);
});
