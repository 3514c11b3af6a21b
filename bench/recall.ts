/**
 * recall.itemcf and recall.swing against their Python peers (bench/peers/itemcf_scipy.py,
 * swing_numpy.py) on synthetic MovieLens-shaped data from data.synthetic.movielens: ML-1M's shape
 * (6,040 users × 3,706 items × 1,000,000 ratings) always, ML-10M's (69,878 × 10,677 × 10,000,000)
 * with BENCH_FULL=1. Each side runs in its own child process on the same arrays, timed from
 * loaded arrays to finished neighbour lists (table → matrix → neighbours), with the child's peak
 * RSS and CPU seconds (median of BENCH_RUNS alternating runs: 3 for ItemCF, 1 for Swing); both use the stage defaults (ItemCF: MetaSpore's weighted cosine, 20 neighbours; Swing:
 * α 1, α1 5, β 0.3, caps 1000/1000, 20 neighbours) on the CPU backend. "agree" is the share of
 * neighbour slots the two sides fill with the same items (Swing: items under the user cap only,
 * since the two sides draw different samples).
 *
 *   bun run bench recall            # or: bun bench/recall.ts
 *   BENCH_FULL=1 bun bench/recall.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { peerEnv } from "./lib/peers.ts";
import { formatTable } from "./lib/table.ts";

type Algo = "itemcf" | "swing";
interface Side {
  /** Wall seconds (median over runs). */
  seconds: number;
  /** CPU seconds, user + system, all threads (median over runs): less sensitive to other load. */
  cpuSeconds: number;
  peakMB: number;
}
interface Row {
  data: string;
  algo: Algo;
  ours?: Side;
  peer?: Side;
  error?: string;
  agree?: number;
}

const SIZES = [
  { name: "ml-1m shape (1M)", preset: "ml-1m" },
  ...(process.env.BENCH_FULL === "1" ? [{ name: "ml-10m shape (10M)", preset: "ml-10m" }] : []),
];
const PEERS: Record<Algo, string> = { itemcf: "itemcf_scipy.py", swing: "swing_numpy.py" };
const NEIGHBOURS = 20;
const CHILD_TIMEOUT_MS = 60 * 60 * 1000;
/** Runs per side, alternating ours and the peer so a load change hits both (BENCH_RUNS overrides). */
const RUNS: Record<Algo, number> = { itemcf: Number(process.env.BENCH_RUNS ?? 3), swing: Number(process.env.BENCH_RUNS ?? 1) };

/** Writes the interactions of a synthetic preset as raw int32 files the children read. */
async function writeData(dir: string, preset: string): Promise<void> {
  const { default: data } = await import("@shortlist/plugin-data");
  const { runStage } = await import("@shortlist/runner/testing");
  const r = await runStage(data, "data.synthetic.movielens", { options: { preset }, seed: 42 });
  const t = r.outputs.interactions;
  if (!t || t.kind !== "table") throw new Error("data.synthetic.movielens wrote no interactions table");
  for (const c of ["user", "item", "timestamp"]) writeFileSync(join(dir, `${c}.bin`), t.columns[c] as Int32Array);
}

/** A raw int32 file, as writeData, the children and the peers write them. */
function readInt32(path: string): Int32Array {
  return new Int32Array(readFileSync(path).buffer.slice(0));
}

/** Runs a child command and parses the JSON line it prints last. */
async function child(cmd: string[], env?: Record<string, string>): Promise<Side> {
  const p = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", env, timeout: CHILD_TIMEOUT_MS });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  const last = out.trim().split("\n").pop() ?? "";
  if (code !== 0 || !last.startsWith("{")) throw new Error(`${cmd.slice(0, 3).join(" ")} exited ${code}: ${(err || out).trim().split("\n").slice(-3).join(" / ")}`);
  return JSON.parse(last) as Side;
}

function medianSide(runs: Side[]): Side {
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  return { seconds: med(runs.map((r) => r.seconds)), cpuSeconds: med(runs.map((r) => r.cpuSeconds)), peakMB: Math.max(...runs.map((r) => r.peakMB)) };
}

/** Share of neighbour slots holding the same item on both sides, over rows `rows` (all when absent). */
function agreement(a: Int32Array, b: Int32Array, rows?: Set<number>): number {
  let same = 0;
  let total = 0;
  for (let r = 0; r * NEIGHBOURS < a.length; r++) {
    if (rows && !rows.has(r)) continue;
    const theirs = new Set(b.subarray(r * NEIGHBOURS, (r + 1) * NEIGHBOURS));
    for (let t = r * NEIGHBOURS; t < (r + 1) * NEIGHBOURS; t++) {
      if (a[t]! < 0 && b[t]! < 0) continue;
      total++;
      if (a[t]! >= 0 && theirs.has(a[t]!)) same++;
    }
  }
  return total === 0 ? 1 : same / total;
}

/** Rows (dense items, ascending raw id) whose users number at most `cap`: Swing does not sample those. */
function unsampledItems(dir: string, cap: number): Set<number> {
  const item = readInt32(join(dir, "item.bin"));
  const counts = new Map<number, number>();
  for (const i of item) counts.set(i, (counts.get(i) ?? 0) + 1);
  const raw = [...counts.keys()].sort((x, y) => x - y);
  return new Set(raw.flatMap((id, d) => (counts.get(id)! <= cap ? [d] : [])));
}

export async function run(): Promise<void> {
  const rows: Row[] = [];
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), "shortlist-bench-recall-"));
    try {
      await writeData(dir, size.preset);
      for (const algo of ["itemcf", "swing"] as const) {
        const row: Row = { data: size.name, algo };
        rows.push(row);
        try {
          const ours: Side[] = [];
          const peer: Side[] = [];
          for (let r = 0; r < RUNS[algo]; r++) {
            ours.push(await child(["bun", import.meta.path, "--child", algo, dir, join(dir, `${algo}.ours.bin`)]));
            peer.push(await child(["python3", join(import.meta.dir, "peers", PEERS[algo]), dir, join(dir, `${algo}.peer.bin`), String(NEIGHBOURS)], peerEnv()));
          }
          row.ours = medianSide(ours);
          row.peer = medianSide(peer);
          const ourIds = readInt32(join(dir, `${algo}.ours.bin`));
          const peerIds = readInt32(join(dir, `${algo}.peer.bin`));
          row.agree = agreement(ourIds, peerIds, algo === "swing" ? unsampledItems(dir, 1000) : undefined);
        } catch (e) {
          row.error = e instanceof Error ? e.message : String(e);
        }
        console.log(`${size.name} ${algo}: ${JSON.stringify(row)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const f = (x: number | undefined, d = 2) => (x === undefined ? "—" : x.toFixed(d));
  console.log(
    formatTable(
      rows.map((r) => ({
        data: r.data,
        stage: `recall.${r.algo}`,
        "shortlist s": f(r.ours?.seconds),
        "peer s": f(r.peer?.seconds),
        "ours/peer": r.ours && r.peer ? f(r.ours.seconds / r.peer.seconds) : "—",
        "shortlist cpu s": f(r.ours?.cpuSeconds),
        "peer cpu s": f(r.peer?.cpuSeconds),
        "shortlist peak MB": f(r.ours?.peakMB, 0),
        "peer peak MB": f(r.peer?.peakMB, 0),
        agree: r.agree === undefined ? (r.error ?? "—") : `${(100 * r.agree).toFixed(1)}%`,
      })),
    ),
  );
  mkdirSync(join(import.meta.dir, "results"), { recursive: true });
  const machine = { cpus: navigator.hardwareConcurrency, platform: process.platform, bun: Bun.version };
  const load = (await import("node:os")).loadavg();
  writeFileSync(join(import.meta.dir, "results", "recall.json"), JSON.stringify({ command: "bun bench/recall.ts", machine, loadAverage: load, runs: RUNS, peers: PEERS, rows }, null, 2) + "\n");
}

/** Child: one stage on the bench data; prints { seconds, peakMB } and writes the neighbour ids. */
async function runChild(algo: Algo, dir: string, out: string): Promise<void> {
  const { createBackend } = await import("@shortlist/core-gpu");
  const { table } = await import("@shortlist/runner");
  const { runStage } = await import("@shortlist/runner/testing");
  const plugin = algo === "itemcf" ? (await import("@shortlist/plugin-itemcf")).default : (await import("@shortlist/plugin-swing")).default;
  const read = (c: string) => readInt32(join(dir, `${c}.bin`));
  const t = table({ user: read("user"), item: read("item"), timestamp: read("timestamp") });
  const backend = await createBackend("cpu", { log: () => {} });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const { outputs } = await runStage(plugin, `recall.${algo}`, { inputs: { "split.train": t }, options: { neighbours: NEIGHBOURS, output: "i2i" }, backend, seed: 42 });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const nb = outputs.i2i;
  if (!nb || nb.kind !== "table") throw new Error(`recall.${algo} wrote no table`);
  // Dense neighbour ids per item (ascending raw id), raw ids, -1 padded: the peers' format.
  const items = Int32Array.from(new Set(t.columns.item as Int32Array)).sort();
  const ids = new Int32Array(items.length * NEIGHBOURS).fill(-1);
  const pos = new Map(Array.from(items, (v, d) => [v, d]));
  const it = nb.columns.item as Int32Array;
  for (let r = 0; r < nb.length; r++) ids[pos.get(it[r]!)! * NEIGHBOURS + (nb.columns.rank as Int32Array)[r]!] = (nb.columns.neighbour as Int32Array)[r]!;
  writeFileSync(out, ids);
  await backend.dispose();
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMB: process.resourceUsage().maxRSS / 1024 }));
}

if (import.meta.main) {
  const [flag, algo, dir, out] = process.argv.slice(2);
  if (flag === "--child" && (algo === "itemcf" || algo === "swing") && dir && out) await runChild(algo, dir, out);
  else await run();
}
