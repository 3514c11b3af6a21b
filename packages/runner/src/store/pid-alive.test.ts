import { expect, test } from "bun:test";
import { holderAlive, pidAlive, processStartMs } from "./pid-alive.ts";

/**
 * A child started between two readings of the wall clock: its start time is known to within the
 * spawn, whatever the clocks did before. (Date.now() − performance.now() is not this process's
 * start when the machine was suspended meanwhile: the monotonic clock stops, the wall clock and
 * /proc's boot-time ticks do not — a 6-minute test run on a paused VM saw 11.8 s between them.)
 */
function childStartedNow() {
  const before = Date.now();
  const child = Bun.spawn(["sleep", "30"]);
  const after = Date.now();
  return { child, before, after };
}

test("a process's start time from /proc is when it started", () => {
  const { child, before, after } = childStartedNow();
  try {
    const got = processStartMs(child.pid);
    if (process.platform !== "linux") return expect(got).toBeUndefined();
    // btime is whole seconds (truncated) and the ticks are 10 ms: holderAlive allows 2 s, so must this
    expect(got!).toBeGreaterThanOrEqual(before - 2_000);
    expect(got!).toBeLessThanOrEqual(after + 2_000);
  } finally {
    child.kill();
  }
});

test("a live pid holds a lock written after its process started, not one written before", () => {
  expect(pidAlive(process.pid)).toBe(true);
  expect(holderAlive({ pid: process.pid, startedAt: new Date().toISOString() })).toBe(true);
  const { child, before, after } = childStartedNow();
  try {
    expect(holderAlive({ pid: child.pid, startedAt: new Date(after).toISOString() })).toBe(true);
    if (process.platform === "linux") expect(holderAlive({ pid: child.pid, startedAt: new Date(before - 60_000).toISOString() })).toBe(false);
  } finally {
    child.kill();
  }
});

test("a gone pid holds nothing", async () => {
  const p = Bun.spawn(["true"]);
  await p.exited;
  expect(holderAlive({ pid: p.pid, startedAt: new Date().toISOString() })).toBe(false);
});
