/**
 * One run per run directory (issue 16, item 4): a second run on the same --out fails at once with
 * exit 2 naming the holder's pid; a lock left by a killed run is taken over with a warning; temps of
 * a live writer are kept, a dead writer's removed.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, FIXTURES, readUntil, shortlist, tempDir } from "./cli-helpers.ts";
import { currentHolder, processStartTicks } from "../packages/runner/src/store/pid-alive.ts";

const pipeline = join(FIXTURES, "counting.yaml");

/** A pid that no process has: a child that has exited. */
async function deadPid(): Promise<number> {
  const p = Bun.spawn(["true"]);
  await p.exited;
  return p.pid;
}

test("a second run on the same --out exits 2 naming the first run's pid; after a kill -9 the lock is taken over", async () => {
  const out = tempDir();
  const first = Bun.spawn(["bun", CLI, "run", pipeline, "--out", out], { env: { ...process.env, N: "1000", DELAY: "400" }, stderr: "pipe", stdout: "ignore" });
  try {
    await readUntil(first.stderr.getReader(), /count\.square \d+%/);
    const t0 = performance.now();
    const second = await shortlist(["run", pipeline, "--out", out, "--set", "stages[count.square].with.power=3"], { N: "1000" });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`in use by another shortlist run (pid ${first.pid}`);
    expect(performance.now() - t0).toBeLessThan(10_000); // fails at once, does not wait
    expect(first.exitCode).toBeNull(); // the first run is untouched
  } finally {
    first.kill("SIGKILL");
    await first.exited;
  }
  const lock = JSON.parse(readFileSync(join(out, "run.lock"), "utf8"));
  expect(lock.pid).toBe(first.pid);
  if (process.platform === "linux") expect(lock.startTicks).toBeGreaterThan(0); // with its boot id: the process, not just the pid
  const third = await shortlist(["run", pipeline, "--out", out], { N: "1000" });
  expect(third.code).toBe(0);
  expect(third.stderr).toContain(`was left by pid ${first.pid}`);
  expect(third.stderr).toContain("no longer running; taking it over");
  expect(existsSync(join(out, "run.lock"))).toBe(false); // released at the end
});

test("stale temps are removed only when their writer pid is gone", async () => {
  const out = tempDir();
  expect((await shortlist(["run", pipeline, "--out", out], { N: "10" })).code).toBe(0);
  const live = join(out, "artifacts", `.other.parquet.tmp-${process.pid}-1`); // this test process is alive
  const dead = join(out, "artifacts", `.other.parquet.tmp-${await deadPid()}-1`);
  writeFileSync(live, "x");
  writeFileSync(dead, "x");
  expect((await shortlist(["run", pipeline, "--out", out], { N: "10" })).code).toBe(0);
  expect(existsSync(live)).toBe(true);
  expect(existsSync(dead)).toBe(false);
});

test("a lock whose pid now belongs to another process (pids wrap on a busy machine) is taken over: by its start ticks, or for a lock without them by its time", async () => {
  const out = tempDir();
  expect((await shortlist(["run", pipeline, "--out", out], { N: "10" })).code).toBe(0);
  // a live child holds the pid; the lock claims it was written a minute before that child started
  // (timed around the spawn: Date.now() − performance.now() late in a long run is not a reliable
  // start time, see pid-alive.test.ts)
  const before = Date.now();
  const child = Bun.spawn(["sleep", "120"]);
  try {
    writeFileSync(join(out, "run.lock"), JSON.stringify({ pid: child.pid, startedAt: new Date(before - 60_000).toISOString() }));
    const r = await shortlist(["run", pipeline, "--out", out], { N: "10" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`was left by pid ${child.pid}`);
    // the same live pid with a lock written after it started is a live holder
    writeFileSync(join(out, "run.lock"), JSON.stringify({ pid: child.pid, startedAt: new Date().toISOString() }));
    const held = await shortlist(["run", pipeline, "--out", out], { N: "10" });
    expect(held.code).toBe(2);
    expect(held.stderr).toContain(`in use by another shortlist run (pid ${child.pid}`);
    if (process.platform !== "linux") return;
    // a lock with start ticks: another process's ticks on this live pid mean its writer is gone,
    // the child's own ticks mean it is the holder, whatever time the lock says it was written
    const mine = currentHolder();
    writeFileSync(join(out, "run.lock"), JSON.stringify({ ...mine, pid: child.pid }));
    const taken = await shortlist(["run", pipeline, "--out", out], { N: "10" });
    expect(taken.code).toBe(0);
    expect(taken.stderr).toContain(`was left by pid ${child.pid}`);
    writeFileSync(join(out, "run.lock"), JSON.stringify({ ...mine, pid: child.pid, startTicks: processStartTicks(child.pid), startedAt: new Date(before - 3_600_000).toISOString() }));
    const kept = await shortlist(["run", pipeline, "--out", out], { N: "10" });
    expect(kept.code).toBe(2);
  } finally {
    child.kill();
  }
});
