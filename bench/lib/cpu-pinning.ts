/**
 * Gives a server process a CPU of its own and keeps this process (every thread, and the children it
 * spawns later, such as redis-benchmark) on the others, the way a server on its own host runs.
 *
 * Then no client thread (the sink's JavaScript, Bun's garbage collector, redis-benchmark) can take
 * the server's CPU: on a 2-CPU machine whatever else the client runs would otherwise slow the
 * server down. It does not make a shared virtual machine quiet: pinned, redis-server still spent
 * 0.55 µs of CPU per SET in some runs and 1.1 µs in others, so the bench still compares each run
 * with a baseline taken right before and after it.
 * Uses `taskset` (util-linux).
 */
import { availableParallelism } from "node:os";

export interface Pinning {
  /** What was done, for the bench's printout and JSON ("server on CPU 1, clients on CPU 0"), or why not. */
  note: string;
  /** Puts this process back on the CPUs it had. */
  restore(): void;
}

function taskset(args: string[]): string {
  const p = Bun.spawnSync(["taskset", ...args], { stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`taskset ${args.join(" ")}: ${p.stderr.toString().trim()}`);
  return p.stdout.toString();
}

/** The CPU list this process may run on, as taskset prints it ("0,1" or "0-15"). */
function currentCpus(): string {
  const m = /list:\s*(\S+)/.exec(taskset(["-c", "-p", String(process.pid)]));
  if (!m) throw new Error("taskset printed no CPU list");
  return m[1]!;
}

/** Expands a taskset CPU list ("0-2,5") into CPU numbers. */
export function parseCpuList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(",")) {
    const [a, b] = part.split("-").map(Number);
    if (a === undefined || !Number.isInteger(a)) throw new Error(`bad CPU list "${list}"`);
    const end = b === undefined ? a : b;
    for (let c = a; c <= end; c++) out.push(c);
  }
  return out;
}

/**
 * Pins `serverPid` to the last CPU this process may use and this process to the rest. Does nothing
 * (and says why) with fewer than two CPUs, without taskset, or when BENCH_PIN=0.
 * @example const pin = pinServerApart(server.pid!); try { … } finally { pin.restore(); }
 */
export function pinServerApart(serverPid: number): Pinning {
  const none = (why: string): Pinning => ({ note: `not pinned: ${why}`, restore() {} });
  if (process.env.BENCH_PIN === "0") return none("BENCH_PIN=0");
  if (!Bun.which("taskset")) return none("taskset is not installed");
  if (availableParallelism() < 2) return none("one CPU");
  const original = currentCpus();
  const cpus = parseCpuList(original);
  if (cpus.length < 2) return none(`this process may use CPU ${original} only`);
  const server = cpus[cpus.length - 1]!;
  const clients = cpus.slice(0, -1).join(",");
  taskset(["-a", "-c", "-p", String(server), String(serverPid)]);
  taskset(["-a", "-c", "-p", clients, String(process.pid)]);
  return {
    note: `server on CPU ${server}, clients on CPU ${clients}`,
    restore: () => void taskset(["-a", "-c", "-p", original, String(process.pid)]),
  };
}
