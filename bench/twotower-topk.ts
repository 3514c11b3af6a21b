/**
 * Top-20 for every user by dot product (`bun run bench twotower-topk`): core-gpu's CPU
 * `scoreTopK` against faiss `IndexFlatIP.search` (bench/peers/topk_faiss.py), 2 threads each, on
 * synthetic N(0, 1) vectors of 64 dims drawn from a seeded Rng (users first, then items):
 *
 * - ML-1M shape: 6,040 users × 3,706 items, BENCH_RUNS repeats (default 5);
 * - 1,000,000 users × 100,000 items: one run of all users takes minutes a side on the 2-core
 *   machine, so by default both sides rank the same sample, the first 100,000 of the users
 *   (BENCH_TOPK_USERS sets it; BENCH_FULL=1 ranks all 1,000,000), 3 repeats, and the table also
 *   shows the time scaled to 1,000,000 users (the work is linear in users: each user's row is
 *   scored against every item). Peak memory is as measured for the sample.
 *
 * Each side runs in a child process of its own, alternating run by run, so its peak RSS (inputs
 * included) is its own and a load change hits both sides alike; a child ranks the first 2,048
 * users once untimed (thread pools, JIT), then all users timed. "agree" is the share of top-20
 * slots whose item is in the other side's top-20 of that user (ties are practically absent with
 * random floats, so anything under ~100% means a wrong result). The table also gives each side's
 * CPU seconds (all its threads): on the shared machine wall time follows the other jobs' load,
 * CPU time much less so.
 *
 *   bun run bench twotower-topk      # or: bun bench/twotower-topk.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, quick } from "./lib/measure.ts";
import { peerEnv } from "./lib/peers.ts";
import { formatTable } from "./lib/table.ts";
import { Rng } from "../packages/core-gpu/src/random/rng.ts";

const DIM = 64;
const K = 20;
const THREADS = 2;
const WARM_USERS = 2048;
const CHILD_TIMEOUT_MS = 30 * 60 * 1000;

interface Shape {
  name: string;
  users: number;
  items: number;
  /** Users actually ranked (a prefix of the users). */
  ranked: number;
  runs: number;
}

/** One child's figures. */
interface Side {
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
}

const bigUsers = Number(process.env.BENCH_FULL === "1" ? 1_000_000 : (process.env.BENCH_TOPK_USERS ?? 100_000));
const SHAPES: Shape[] = quick
  ? [
      { name: "tiny", users: 600, items: 370, ranked: 600, runs: 2 },
      { name: "small", users: 20_000, items: 10_000, ranked: 2_000, runs: 2 },
    ]
  : [
      { name: "ML-1M shape", users: 6_040, items: 3_706, ranked: 6_040, runs: Number(process.env.BENCH_RUNS ?? 5) },
      { name: "1M users × 100k items", users: 1_000_000, items: 100_000, ranked: Math.min(1_000_000, bigUsers), runs: Number(process.env.BENCH_RUNS_BIG ?? (bigUsers >= 1_000_000 ? 1 : 3)) },
    ];

/** The first python of FAISS_PYTHON, /usr/bin/python3, python3 that imports faiss; null if none. */
async function faissPython(): Promise<string | null> {
  for (const exe of [process.env.FAISS_PYTHON, "/usr/bin/python3", "python3"]) {
    if (!exe) continue;
    try {
      const p = Bun.spawn([exe, "-c", "import faiss, numpy"], { stdout: "ignore", stderr: "ignore", env: peerEnv() });
      if ((await p.exited) === 0) return exe;
    } catch {
      // not installed under this name
    }
  }
  return null;
}

/** Writes `ranked` user rows and all item rows, N(0, 1), seeded: users first, then items. */
function writeVectors(dir: string, s: Shape): void {
  const rng = new Rng(20_261_206);
  const users = new Float32Array(s.ranked * DIM);
  for (let i = 0; i < users.length; i++) users[i] = rng.normal();
  // Items come after all users in the stream, so the sample ranks the same items as the full run.
  for (let i = s.ranked * DIM; i < s.users * DIM; i++) rng.normal();
  const items = new Float32Array(s.items * DIM);
  for (let i = 0; i < items.length; i++) items[i] = rng.normal();
  writeFileSync(join(dir, "users.f32"), users);
  writeFileSync(join(dir, "items.f32"), items);
}

/** Runs a child and parses the JSON line it prints last. */
async function child(cmd: string[], env?: Record<string, string>): Promise<Side> {
  const p = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", env, timeout: CHILD_TIMEOUT_MS });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  const last = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !last.startsWith("{")) throw new Error(`${cmd.slice(0, 3).join(" ")} exited ${code}: ${(err || out).trim().split("\n").slice(-3).join(" / ")}`);
  return JSON.parse(last) as Side;
}

/** Share of each user's top-K slots whose item is also in the other side's top-K of that user. */
export function agreement(a: Int32Array, b: Int32Array, k: number): number {
  let same = 0;
  for (let r = 0; r * k < a.length; r++) {
    const theirs = new Set(b.subarray(r * k, (r + 1) * k));
    for (let t = r * k; t < (r + 1) * k; t++) if (a[t]! >= 0 && theirs.has(a[t]!)) same++;
  }
  return a.length === 0 ? 1 : same / a.length;
}

const readI32 = (path: string) => new Int32Array(readFileSync(path).buffer.slice(0));

export async function run(): Promise<void> {
  const { loadavg } = await import("node:os");
  const loadAtStart = loadavg();
  const python = await faissPython();
  if (!python) console.warn("bench twotower-topk: no python3 with faiss (Debian: apt-get install python3-faiss); our side only");
  const rows: Record<string, unknown>[] = [];
  for (const s of SHAPES) {
    const dir = mkdtempSync(join(tmpdir(), "shortlist-bench-topk-"));
    try {
      writeVectors(dir, s);
      const args = [String(s.ranked), String(s.items), String(DIM), String(K)];
      const ours: Side[] = [];
      const peer: Side[] = [];
      for (let r = 0; r < s.runs; r++) {
        ours.push(await child(["bun", import.meta.path, "--child", dir, ...args, join(dir, "ours.i32")]));
        if (python) peer.push(await child([python, join(import.meta.dir, "peers", "topk_faiss.py"), dir, ...args, join(dir, "peer.i32")], peerEnv()));
      }
      const med = (xs: Side[], f: (x: Side) => number) => (xs.length ? median(xs.map(f)) : undefined);
      const row = {
        shape: s.name, users: s.users, items: s.items, rankedUsers: s.ranked, runs: s.runs,
        ours: { seconds: med(ours, (x) => x.seconds), cpuSeconds: med(ours, (x) => x.cpuSeconds), peakMB: Math.max(...ours.map((x) => x.peakMB)), runsSeconds: ours.map((x) => x.seconds) },
        peer: python ? { seconds: med(peer, (x) => x.seconds), cpuSeconds: med(peer, (x) => x.cpuSeconds), peakMB: Math.max(...peer.map((x) => x.peakMB)), runsSeconds: peer.map((x) => x.seconds) } : null,
        agree: python ? agreement(readI32(join(dir, "ours.i32")), readI32(join(dir, "peer.i32")), K) : null,
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const f = (x: number | undefined | null, d = 2) => (x === undefined || x === null ? "—" : x.toFixed(d));
  console.log(formatTable(rows.map((r) => {
    const o = r.ours as { seconds: number; cpuSeconds: number; peakMB: number };
    const p = r.peer as { seconds: number; cpuSeconds: number; peakMB: number } | null;
    const scale = (r.users as number) / (r.rankedUsers as number);
    return {
      shape: String(r.shape), "users ranked": (r.rankedUsers as number).toLocaleString("en-US"),
      "ours s": f(o.seconds), "faiss s": f(p?.seconds), "ours/faiss": p ? `${(o.seconds / p.seconds).toFixed(2)}×` : "—",
      "ours cpu s": f(o.cpuSeconds), "faiss cpu s": f(p?.cpuSeconds),
      "ours s (all users)": f(o.seconds * scale, 1), "faiss s (all users)": f(p && p.seconds * scale, 1),
      "ours peak MB": f(o.peakMB, 0), "faiss peak MB": f(p?.peakMB, 0),
      agree: r.agree === null ? "—" : `${(100 * (r.agree as number)).toFixed(2)}%`, target: "≤ 1.0×",
    };
  })));
  const dirOut = quick ? tmpdir() : join(import.meta.dir, "results");
  mkdirSync(dirOut, { recursive: true });
  const file = join(dirOut, `twotower-topk${quick ? ".quick" : ""}.json`);
  const machine = { cpus: navigator.hardwareConcurrency, platform: process.platform, bun: Bun.version, loadAverageAtStart: loadAtStart, loadAverage: loadavg() };
  console.log(`load average (1, 5, 15 min): ${loadAtStart.map((x) => x.toFixed(2)).join(", ")} at start, ${machine.loadAverage.map((x) => x.toFixed(2)).join(", ")} at end`);
  writeFileSync(file, `${JSON.stringify({ command: "bun run bench twotower-topk", date: new Date().toISOString(), machine, dim: DIM, k: K, threads: THREADS, rows }, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

/** Child: our CPU backend ranks every user once (after a small untimed warm-up); prints a Side. */
async function runChild(dir: string, nu: number, ni: number, dim: number, k: number, out: string): Promise<void> {
  const { createCpuBackend } = await import("../packages/core-gpu/src/cpu/backend.ts");
  const users = new Float32Array(readFileSync(join(dir, "users.f32")).buffer.slice(0, nu * dim * 4));
  const items = new Float32Array(readFileSync(join(dir, "items.f32")).buffer.slice(0, ni * dim * 4));
  const backend = await createCpuBackend({ threads: THREADS });
  const warm = Math.min(nu, WARM_USERS);
  await backend.scoreTopK(users.subarray(0, warm * dim), warm, items, ni, dim, k);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const top = await backend.scoreTopK(users, nu, items, ni, dim, k);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  writeFileSync(out, top.ids);
  await backend.dispose();
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMB: process.resourceUsage().maxRSS / 1024 }));
}

if (import.meta.main) {
  const [flag, dir, nu, ni, dim, k, out] = process.argv.slice(2);
  if (flag === "--child" && dir && out) await runChild(dir, Number(nu), Number(ni), Number(dim), Number(k), out);
  else await run();
}
