/**
 * Whether a process id belongs to a running process. Signal 0 checks without signalling: ESRCH
 * means gone, EPERM means alive but someone else's.
 * @example pidAlive(process.pid) // true
 */
import { readFileSync } from "node:fs";

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Clock ticks per second of /proc/<pid>/stat's start time (USER_HZ, 100 on every Linux port). */
const USER_HZ = 100;

/**
 * When a process started (ms since the epoch), from /proc on Linux; undefined where that cannot be read.
 * @example processStartMs(process.pid) // ≈ Date.now() - process.uptime() * 1000
 */
export function processStartMs(pid: number): number | undefined {
  try {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name (field 2) may hold spaces and parentheses: count fields after its last ")"
    const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    return Number.isFinite(btime) && Number.isFinite(ticks) ? btime * 1000 + (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the process that wrote a lock at `startedAt` is still running: its pid is alive and, where
 * /proc tells, that pid's process started no later than the lock was written. On a busy machine
 * pids wrap around in minutes, so a dead run's pid soon belongs to an unrelated process (or to the
 * very process asking), which must not keep the lock.
 * @example holderAlive({ pid: process.pid, startedAt: new Date().toISOString() }) // true
 */
export function holderAlive(holder: { pid: number; startedAt?: string }): boolean {
  if (!pidAlive(holder.pid)) return false;
  const written = holder.startedAt ? Date.parse(holder.startedAt) : NaN;
  const started = processStartMs(holder.pid);
  // 2 s of slack: btime is whole seconds and ticks are 10 ms
  return started === undefined || !Number.isFinite(written) || started <= written + 2_000;
}
