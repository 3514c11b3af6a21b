import { expect, test } from "bun:test";
import { holderAlive, pidAlive, processStartMs } from "./pid-alive.ts";

test("this process's start time from /proc is when it started", () => {
  const expected = Date.now() - performance.now();
  const got = processStartMs(process.pid);
  if (process.platform !== "linux") return expect(got).toBeUndefined();
  expect(Math.abs(got! - expected)).toBeLessThan(3_000);
});

test("a live pid holds a lock written after its process started, not one written before", () => {
  const started = Date.now() - performance.now();
  expect(pidAlive(process.pid)).toBe(true);
  expect(holderAlive({ pid: process.pid, startedAt: new Date().toISOString() })).toBe(true);
  if (process.platform === "linux") expect(holderAlive({ pid: process.pid, startedAt: new Date(started - 60_000).toISOString() })).toBe(false);
});

test("a gone pid holds nothing", async () => {
  const p = Bun.spawn(["true"]);
  await p.exited;
  expect(holderAlive({ pid: p.pid, startedAt: new Date().toISOString() })).toBe(false);
});
