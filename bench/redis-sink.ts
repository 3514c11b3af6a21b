/**
 * The Redis sink's throughput against redis-benchmark's pipelined SET rate on the same server, in
 * the same run: recommendation lists of 20 ids per user for 1,000,000 users (50,000 with
 * BENCH_QUICK=1), published through sink.redis with its default options (MSET batches of 1,000,
 * 4 in flight, pointer publication) after an untimed warm-up. Median of 5 runs (1 with
 * BENCH_QUICK). Target: ≥ 50%.
 *
 * redis-server gets a CPU of its own and every client (redis-benchmark, this process with the sink)
 * the others (see lib/cpu-pinning.ts; BENCH_PIN=0 turns it off), so no client thread takes the
 * server's CPU. Rates still swing from run to run with the host (redis-server's own CPU per SET
 * moved between 0.55 and 1.1 µs, pinned), hence a baseline right before and after each run.
 *
 *   bun bench/redis-sink.ts            (or through bench/run.ts)
 *
 * redis-benchmark -t set without -r overwrites one key again and again; writing a million new keys
 * costs Redis more (allocation, hash table growth), so the same run also measures SET over random
 * keys (-r) as a like-for-like reference.
 *
 * Then, on the same server, the sink's hand-written RESP encoder against ioredis encoding the same
 * commands itself, same batching (lib/redis-encoders.ts): the encoder is kept only while it wins
 * by a clear margin.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../packages/plugin-sinks/src/index.ts";
import { recsTable } from "../packages/plugin-sinks/src/testing/fixtures.ts";
import { startRedisServer } from "../packages/plugin-sinks/src/testing/redis-server.ts";
import { pinServerApart } from "./lib/cpu-pinning.ts";
import { compareEncoders, type EncoderRow } from "./lib/redis-encoders.ts";
import { median, quick } from "./lib/measure.ts";

const K = 20;

function redisBenchmark(port: number, extra: string[] = []): { perSecond: number; command: string } {
  const args = ["redis-benchmark", "-p", String(port), "-q", "-t", "set", "-P", "64", "-n", "1000000", "-d", "120", ...extra];
  const p = Bun.spawnSync(args);
  const out = p.stdout.toString();
  const m = /SET: ([\d.]+) requests per second/.exec(out);
  if (!m) throw new Error(`redis-benchmark printed no SET rate: ${out.slice(-300)} ${p.stderr.toString().slice(-300)}`);
  return { perSecond: Number(m[1]), command: args.join(" ").replace(/-p \d+/, "-p PORT") };
}

/** CPU seconds redis-server has used so far (user + system), from INFO cpu. */
async function serverCpu(client: Redis): Promise<number> {
  const info = await client.info("cpu");
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return field("used_cpu_user") + field("used_cpu_sys");
}

interface Run {
  /** redis-benchmark SET rate just before and just after the sink, and their mean (the run's baseline). */
  setBefore: number;
  setAfter: number;
  set: number;
  /** The same with random keys (-r): new keys, like the sink's. */
  setNewKeys: number;
  /** Whole stage (checks, loading, write, switch), keys/s. */
  sinkKeys: number;
  sinkSeconds: number;
  /** The stage's own write-to-switch rate (its keys_per_s metric). */
  sinkWriteKeys: number;
  ratio: number;
  ratioNewKeys: number;
  /** redis-server CPU per key: what bounds each rate when the client keeps up. */
  serverUsPerSet: number;
  serverUsPerSinkKey: number;
}

export async function run(): Promise<void> {
  const users = quick ? 50_000 : 1_000_000;
  const runs = quick ? 1 : 5;
  const recs = recsTable(users, K);
  const server = await startRedisServer();
  const pin = pinServerApart(server.pid!);
  const client = new Redis(server.url);
  const rows: Run[] = [];
  let valueBytes = 0;
  let commands: string[] = [];
  let encoders: EncoderRow[] = [];
  try {
    // Untimed warm-up: the encoder's first batches run before the JIT has compiled it.
    const warm = recsTable(Math.min(users, 100_000), K);
    for (let i = 0; i < 2; i++) await runStage(plugin, "sink.redis", { inputs: { "recs.bench": warm }, options: { url: server.url, artifacts: ["recs.bench"], retireDelayMs: 0 } });
    for (let r = 0; r < runs; r++) {
      // The baseline is taken right before and right after the sink, so load from other work on the
      // machine weighs on both sides of the ratio alike.
      await client.flushall();
      const cpu0 = await serverCpu(client);
      const before = redisBenchmark(server.port);
      const cpuSet = (await serverCpu(client)) - cpu0;
      await client.flushall();
      const newKeys = redisBenchmark(server.port, ["-r", "1000000000"]);
      await client.flushall();
      const cpu1 = await serverCpu(client);
      const t0 = performance.now();
      const { metrics } = await runStage(plugin, "sink.redis", { inputs: { "recs.bench": recs }, options: { url: server.url, artifacts: ["recs.bench"] } });
      const seconds = (performance.now() - t0) / 1000;
      const cpuSink = (await serverCpu(client)) - cpu1;
      const sample = Array.from({ length: 1000 }, (_, i) => client.strlen(`shortlist:v1:USER:${1 + Math.floor((i * users) / 1000)}`));
      valueBytes = Math.round((await Promise.all(sample)).reduce((a, b) => a + b, 0) / sample.length);
      await client.flushall();
      const after = redisBenchmark(server.port);
      commands = [before.command, newKeys.command];
      const set = (before.perSecond + after.perSecond) / 2;
      const sinkKeys = users / seconds;
      rows.push({
        setBefore: before.perSecond, setAfter: after.perSecond, set, setNewKeys: newKeys.perSecond,
        sinkKeys, sinkSeconds: seconds, sinkWriteKeys: metrics.keys_per_s ?? 0,
        ratio: sinkKeys / set, ratioNewKeys: sinkKeys / newKeys.perSecond,
        // redis-benchmark sends 1,000,000 SETs: CPU seconds per million = µs per SET.
        serverUsPerSet: cpuSet, serverUsPerSinkKey: (cpuSink / users) * 1e6,
      });
    }
    encoders = await compareEncoders(server.url, recs, runs);
  } finally {
    client.disconnect();
    await server.stop();
    pin.restore();
  }
  const m = (k: keyof Run) => median(rows.map((r) => r[k]));
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(12);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(6);
  console.log(`\nredis sink: ${users.toLocaleString("en-US")} users × ${K} ids (values ≈ ${valueBytes} bytes), median of ${runs}; ${pin.note}`);
  console.log(`${"".padEnd(46)}${"keys/s".padStart(12)}  sink ÷ it (median of per-run ratios)`);
  console.log(`${"redis-benchmark SET -P 64 -d 120".padEnd(46)}${fmt(m("set"))}${pct(m("ratio"))}  (target ≥ 50%)`);
  console.log(`${"redis-benchmark SET -P 64 -d 120 -r (new keys)".padEnd(46)}${fmt(m("setNewKeys"))}${pct(m("ratioNewKeys"))}`);
  console.log(`${"sink.redis, whole stage".padEnd(46)}${fmt(m("sinkKeys"))}`);
  console.log(`${"sink.redis, write to switch".padEnd(46)}${fmt(m("sinkWriteKeys"))}`);
  console.log(`redis-server CPU per key: ${m("serverUsPerSet").toFixed(2)} µs per SET of one key, ${m("serverUsPerSinkKey").toFixed(2)} µs per new key from the sink`);
  console.log(`\nencoding: the same ${users.toLocaleString("en-US")} keys, batches of 1,000, 4 in flight, median of ${runs} (ways alternating)`);
  console.log(`${"".padEnd(40)}${"".padEnd(34)}${"keys/s".padStart(12)}${"÷ hand".padStart(8)}${"client µs/key".padStart(15)}`);
  for (const e of encoders) {
    const hand = encoders.find((h) => h.shape === e.shape && h.way.startsWith("hand"))!;
    console.log(`${e.shape.padEnd(40)}${e.way.padEnd(34)}${fmt(e.keysPerS)}${pct(e.keysPerS / hand.keysPerS).padStart(8)}${e.clientUsPerKey.toFixed(2).padStart(15)}`);
  }
  const result = {
    bench: "redis-sink", date: new Date().toISOString(), quick, users, idsPerUser: K, valueBytes, runs: rows,
    median: {
      redisBenchmarkSetPerS: m("set"), redisBenchmarkNewKeysSetPerS: m("setNewKeys"), sinkKeysPerS: m("sinkKeys"),
      sinkWriteKeysPerS: m("sinkWriteKeys"), ratio: m("ratio"), ratioNewKeys: m("ratioNewKeys"),
      serverUsPerSet: m("serverUsPerSet"), serverUsPerSinkKey: m("serverUsPerSinkKey"),
    },
    target: { ratio: 0.5, met: m("ratio") >= 0.5 },
    encoders,
    commands: [...commands, "sink.redis with default options, artifacts: [recs.bench], on an empty server"],
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() },
    pinning: pin.note,
  };
  const dir = join(import.meta.dir, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "redis-sink.json"), JSON.stringify(result, null, 2) + "\n");
}

if (import.meta.main) await run();
