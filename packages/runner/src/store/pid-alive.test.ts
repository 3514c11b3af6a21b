import { expect, test } from "bun:test";
import { bootId, currentHolder, holderAlive, pidAlive, processStartMs, processStartTicks } from "./pid-alive.ts";

/**
 * A child started between two readings of the wall clock: its start time is known to within the
 * spawn, whatever the clocks did before. (Date.now() − performance.now() read late in a long test
 * run is not a reliable start time: the wall clock and the monotonic clock can part, and this test,
 * written that way, once failed by 11.8 s six minutes into a run on a Firecracker VM.)
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

test("a holder with start ticks and boot id is the same process only if both match, whatever the wall clock says", () => {
  const me = currentHolder();
  expect(holderAlive(me)).toBe(true);
  if (process.platform !== "linux") return;
  expect(me.startTicks).toBe(processStartTicks(process.pid)!);
  expect(me.bootId).toMatch(/^[0-9a-f-]{36}$/);
  // a wall-clock time that the old rule would call "written before the process started" does not matter
  expect(holderAlive({ ...me, startedAt: new Date(Date.now() - 86_400_000).toISOString() })).toBe(true);
  // the pid is alive but belongs to a process started at another tick, or in another boot: the writer is gone
  expect(holderAlive({ ...me, startTicks: me.startTicks! + 1 })).toBe(false);
  expect(holderAlive({ ...me, bootId: "00000000-0000-0000-0000-000000000000" })).toBe(false);
  expect(bootId()).toBe(me.bootId);
  const { child, after } = childStartedNow();
  try {
    expect(holderAlive({ pid: child.pid, startedAt: new Date(after).toISOString(), startTicks: processStartTicks(child.pid), bootId: me.bootId })).toBe(true);
    expect(holderAlive({ pid: child.pid, startedAt: new Date(after).toISOString(), startTicks: me.startTicks, bootId: me.bootId })).toBe(false);
  } finally {
    child.kill();
  }
});

test("a gone pid holds nothing", async () => {
  const p = Bun.spawn(["true"]);
  await p.exited;
  expect(holderAlive({ pid: p.pid, startedAt: new Date().toISOString() })).toBe(false);
});
