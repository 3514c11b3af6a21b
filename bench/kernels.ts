/**
 * Kernel benchmarks: matmul, item co-occurrence top-N and per-row top-K on every available
 * backend, each run alternating with numpy/scipy doing the same work (bench/peers/), so both
 * sides see the same load. Prints a table and writes bench/results/kernels.json.
 * BENCH_QUICK=1 shrinks every size (and writes to the temp dir instead); BENCH_BACKENDS=cpu,webgpu
 * picks backends; BENCH_RUNS sets runs per case (≥ 5).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createBackend, createCpuBackend, type Backend } from "@shortlist/core-gpu";
import { measure, measureAlternating, quick, runs } from "./lib/measure.ts";
import { Peer, peersAvailable } from "./lib/peers.ts";
import { syntheticInteractions } from "./lib/synthetic.ts";
import { attempt, printTable, type Row } from "./lib/rows.ts";

const matmulSizes: [number, number, number][] = quick
  ? [[128, 128, 128], [256, 256, 256], [4096, 64, 512]]
  : [[1024, 1024, 1024], [2048, 2048, 2048], [65536, 64, 4096]];
const cooc = quick ? { users: 604, items: 371, nnz: 20_000, topN: 20 } : { users: 6040, items: 3706, nnz: 1_000_000, topN: 20 };
const topk = quick ? { rows: 604, cols: 371, k: 10 } : { rows: 6040, cols: 3706, k: 10 };

/** A backend to measure, under the label the table shows; `matmulOnly` for the MLAS comparison row. */
interface Subject {
  label: string;
  backend: Backend;
  matmulOnly?: boolean;
}

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

async function subjects(): Promise<Subject[]> {
  const wanted = (process.env.BENCH_BACKENDS ?? "cpu,webgpu").split(",").map((s) => s.trim());
  const out: Subject[] = [];
  for (const name of wanted) {
    if (name !== "cpu" && name !== "webgpu") throw new Error(`BENCH_BACKENDS: unknown backend "${name}", expected cpu or webgpu`);
    try {
      const backend = await createBackend(name);
      const openblas = backend.adapter.includes("OpenBLAS");
      out.push({ label: openblas ? "cpu (OpenBLAS)" : name, backend });
      // The design's dense path is MLAS: measure it too when OpenBLAS took its place.
      if (openblas) out.push({ label: "cpu (MLAS)", backend: await createCpuBackend({ blas: "mlas" }), matmulOnly: true });
    } catch (err) {
      console.warn(`bench: skipping ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

/** Ours alone, or alternating with the peer's case when there is a peer. */
async function timed(ours: () => unknown, peer: Peer | undefined, name: string, peerName: string) {
  if (!peer) return { ours: await measure(ours, runs) };
  const t = await measureAlternating(ours, () => peer.time(name), runs);
  return { ours: t.ours, peer: { name: peerName, ...t.peer } };
}

interface Peers {
  matmul?: Peer;
  cooc?: Peer;
  topk?: Peer;
}

/**
 * WGSL on a software adapter is measured against the lavapipe probe (issue 3), not
 * against the peers: matmul 6 GFLOP/s (low end), co-occurrence 1.3 s, top-10 79 ms + 160 ms upload.
 */
const LAVAPIPE_PROBE = { gflops: 6, coocMs: 1300, topkMs: 239 };

function isSoftware(b: Backend): boolean {
  return b.name === "webgpu" && /llvmpipe|lavapipe|swiftshader|software/i.test(b.adapter);
}

/** Swaps a webgpu row's peer target for the probe's (software adapter) or none (hardware). */
function gpuTarget(row: Row, b: Backend, probe: string, met: boolean): Row {
  if (b.name !== "webgpu") return row;
  return isSoftware(b) ? { ...row, target: `${probe} (lavapipe probe)`, met } : { ...row, target: "—", met: undefined };
}

/** Measures one subject, appending rows; failed cases are listed in `failures`. */
async function benchSubject(
  s: Subject, data: { x: ReturnType<typeof syntheticInteractions>; scores: Float32Array }, peers: Peers,
  rows: Row[], failures: string[],
): Promise<void> {
  const b = s.backend;
  for (const [m, k, n] of matmulSizes) {
    await attempt(s.label, `matmul ${m}×${k}×${n}`, failures, async () => {
      const a = random(m * k, 1);
      const bm = random(k * n, 2);
      const out = new Float32Array(m * n);
      const t = await timed(() => b.matmul(a, bm, { m, n, k, out }), peers.matmul, `${m}x${k}x${n}`, "numpy");
      const gflops = (2 * m * n * k) / t.ours.medianMs / 1e6;
      const ratio = t.peer ? t.peer.medianMs / t.ours.medianMs : undefined;
      const row: Row = {
        kernel: "matmul", size: `${m}×${k}·${k}×${n}`, backend: s.label, ...t, throughput: `${gflops.toFixed(1)} GFLOP/s`,
        ratio, target: "≥ 0.8× numpy GFLOP/s", met: ratio === undefined ? undefined : ratio >= 0.8,
      };
      rows.push(gpuTarget(row, b, `≥ ${LAVAPIPE_PROBE.gflops} GFLOP/s`, gflops >= LAVAPIPE_PROBE.gflops));
    });
  }
  if (s.matmulOnly) return;
  const { x, scores } = data;
  await attempt(s.label, "cooccurrence", failures, async () => {
    const t = await timed(() => b.cooccurrenceTopN(x, { topN: cooc.topN }), peers.cooc, "cooccurrence", "scipy.sparse");
    const ratio = t.peer ? t.ours.medianMs / t.peer.medianMs : undefined;
    const row: Row = {
      kernel: `cooccurrence top-${cooc.topN}`, size: `${x.rows}×${x.cols}, ${x.indices.length} nnz`, backend: s.label, ...t,
      throughput: `${((x.cols / t.ours.medianMs) * 1e3).toFixed(0)} items/s`, ratio, target: "≤ 0.5× scipy time",
      met: ratio === undefined ? undefined : ratio <= 0.5,
    };
    rows.push(gpuTarget(row, b, `≤ ${LAVAPIPE_PROBE.coocMs} ms`, t.ours.medianMs <= LAVAPIPE_PROBE.coocMs));
  });
  await attempt(s.label, "topK", failures, async () => {
    const t = await timed(() => b.topK(scores, topk.rows, topk.cols, topk.k), peers.topk, "topk", "numpy");
    const ratio = t.peer ? t.ours.medianMs / t.peer.medianMs : undefined;
    const row: Row = {
      kernel: `top-${topk.k} per row`, size: `${topk.rows}×${topk.cols}`, backend: s.label, ...t,
      throughput: `${((topk.rows / t.ours.medianMs) * 1e3).toFixed(0)} rows/s`, ratio, target: "≤ 0.6× numpy time",
      met: ratio === undefined ? undefined : ratio <= 0.6,
    };
    rows.push(gpuTarget(row, b, `≤ ${LAVAPIPE_PROBE.topkMs} ms`, t.ours.medianMs <= LAVAPIPE_PROBE.topkMs));
  });
}

async function startPeers(dir: string, x: { rows: number; cols: number }): Promise<Peers> {
  if (!(await peersAvailable())) {
    console.warn("bench: peers skipped (python3 with numpy and scipy not found)");
    return {};
  }
  return {
    matmul: await Peer.start("matmul.py", { sizes: matmulSizes }),
    cooc: await Peer.start("cooccurrence.py", { dir, rows: x.rows, cols: x.cols, topN: cooc.topN }),
    topk: await Peer.start("topk.py", { file: join(dir, "scores.f32"), rows: topk.rows, cols: topk.cols, k: topk.k }),
  };
}

/**
 * Runs the kernel benchmarks (registered in bench/run.ts).
 * @example
 * await run(); // prints the table, writes bench/results/kernels.json
 */
export async function run(): Promise<void> {
  const x = syntheticInteractions(cooc.users, cooc.items, cooc.nnz);
  const scores = random(topk.rows * topk.cols, 3);
  const dir = mkdtempSync(join(tmpdir(), "shortlist-bench-"));
  writeFileSync(join(dir, "indptr.i32"), x.indptr);
  writeFileSync(join(dir, "indices.i32"), x.indices);
  writeFileSync(join(dir, "scores.f32"), scores);
  const rows: Row[] = [];
  const adapters: Record<string, string> = {};
  const failures: string[] = [];
  const peers = await startPeers(dir, x);
  try {
    for (const s of await subjects()) {
      adapters[s.label] = s.backend.adapter;
      try {
        // A failing case (a kernel under construction) must not cost the other figures.
        await benchSubject(s, { x, scores }, peers, rows, failures);
      } finally {
        await s.backend.dispose();
      }
    }
  } finally {
    await Promise.all(Object.values(peers).map((p: Peer) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(rows);
  const result = {
    command: `${quick ? "BENCH_QUICK=1 " : ""}bun run bench kernels`,
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length },
    adapters, quick, runs, rows, failures,
  };
  // Quick runs are smoke checks, not figures: keep them out of bench/results.
  const file = quick ? join(tmpdir(), "shortlist-kernels.quick.json") : join(import.meta.dir, "results", "kernels.json");
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
  if (failures.length > 0) throw new Error(`${failures.length} case(s) failed:\n  ${failures.join("\n  ")}`);
}
