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
 * When a process started, in clock ticks since boot (/proc/<pid>/stat field 22), on Linux;
 * undefined where that cannot be read. Unlike a wall-clock time it does not move when the clock is
 * stepped (a VM restored from a snapshot, NTP), so it names one process for as long as the machine is up.
 * @example processStartTicks(process.pid) // 5572519
 */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name (field 2) may hold spaces and parentheses: count fields after its last ")"
    const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** This boot's id (/proc/sys/kernel/random/boot_id), or undefined off Linux. */
export function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * When a process started (ms since the epoch), from /proc on Linux; undefined where that cannot be read.
 * @example processStartMs(process.pid) // ≈ Date.now() - process.uptime() * 1000
 */
export function processStartMs(pid: number): number | undefined {
  return ticksToMs(processStartTicks(pid));
}

/** Start ticks since boot → ms since the epoch, by /proc/stat's boot time (whole seconds). */
function ticksToMs(ticks: number | undefined): number | undefined {
  if (ticks === undefined) return undefined;
  try {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    return Number.isFinite(btime) ? btime * 1000 + (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/** Who holds a lock: its pid, when it wrote the lock, and where /proc tells, its start ticks and boot. */
export interface LockHolder {
  pid: number;
  startedAt?: string;
  startTicks?: number;
  bootId?: string;
}

/**
 * This process as a lock holder: pid, now, and its start ticks and boot id where /proc has them.
 * @example JSON.stringify(currentHolder())
 */
export function currentHolder(): LockHolder & { startedAt: string } {
  return { pid: process.pid, startedAt: new Date().toISOString(), startTicks: processStartTicks(process.pid), bootId: bootId() };
}

/**
 * Whether the process that wrote a lock is still running: its pid is alive and is the same
 * process. On a busy machine pids wrap around in minutes, so a dead run's pid soon belongs to an
 * unrelated process (or to the very process asking), which must not keep the lock. Where the lock
 * has the writer's start ticks and boot id (`currentHolder`), the same process means the same boot
 * and the same start ticks. A lock without them (written before they were recorded) falls back to
 * the wall clock: the pid's process started no later than the lock was written (2 s of slack).
 * @example holderAlive(currentHolder()) // true
 */
export function holderAlive(holder: LockHolder): boolean {
  if (!pidAlive(holder.pid)) return false;
  const boot = bootId();
  if (holder.bootId !== undefined && boot !== undefined && holder.bootId !== boot) return false;
  const ticks = processStartTicks(holder.pid);
  if (holder.startTicks !== undefined && ticks !== undefined) return holder.startTicks === ticks;
  const written = holder.startedAt ? Date.parse(holder.startedAt) : NaN;
  const started = ticksToMs(ticks);
  // 2 s of slack: btime is whole seconds and ticks are 10 ms
  return started === undefined || !Number.isFinite(written) || started <= written + 2_000;
}
