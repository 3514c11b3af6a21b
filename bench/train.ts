/**
 * Training benchmarks (`bun run bench train`).
 * The same training steps as PyTorch on the CPU (bench/peers/train_torch.py, whose doc defines
 * each case): an MLP on dense features, a two-tower model with in-batch softmax (dense Adam, and
 * sparse embeddings + SparseAdam as a second peer row), and the embedding gather / row scatter-add
 * that embedding training rests on. Both sides use the same thread count (BENCH_THREADS, default:
 * the cores, as the CPU backend does) and alternate one repeat at a time, each repeat being
 * `warmup` untimed steps then `steps` timed ones; the figure is the median over repeats.
 * BENCH_QUICK=1 shrinks every size; BENCH_RUNS sets the repeats (≥ 5).
 *
 * The peer needs a python3 with torch (Debian: apt-get install python3-torch, which lands in
 * /usr/bin/python3, not necessarily the python3 first on PATH); TORCH_PYTHON names another.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { median, quick, runs } from "./lib/measure.ts";
import { Peer, peerEnv } from "./lib/peers.ts";
import { formatTable } from "./lib/table.ts";
import { createCpuEngine } from "../packages/core-gpu/src/index.ts";
import { ourCase, SIZES } from "./lib/train-ours.ts";

/** One case: its name in train_torch.py, what one step is, and how the table labels it. */
export interface TrainCase {
  peerCase: string;
  label: string;
  size: string;
  unit: "samples/s" | "GB/s";
}

const big = !quick;
export const trainCases: TrainCase[] = [
  { peerCase: "mlp", label: "MLP 512→256→128→1, Adam", size: big ? "batch 4,096" : "batch 256", unit: "samples/s" },
  { peerCase: "twotower", label: "two-tower in-batch softmax, Adam", size: big ? "2×100,000×64, batch 4,096" : "2×1,000×64, batch 256", unit: "samples/s" },
  { peerCase: "twotower-sparse", label: "two-tower, sparse emb + SparseAdam", size: big ? "2×100,000×64, batch 4,096" : "2×1,000×64, batch 256", unit: "samples/s" },
  { peerCase: "embedding-gather", label: "embedding gather", size: big ? "1,000,000×64, 65,536 ids" : "10,000×64, 1,024 ids", unit: "GB/s" },
  { peerCase: "embedding-scatter", label: "embedding row scatter-add", size: big ? "1,000,000×64, 65,536 ids" : "10,000×64, 1,024 ids", unit: "GB/s" },
];

/** Steps per repeat: the warm-up is untimed on both sides. */
export const steps = { warmup: quick ? 1 : 3, timed: quick ? 3 : 10 };
/** The embedding cases take ~1–20 ms a call: 100 a repeat, so a repeat outlasts the machine's noise. */
export const embeddingSteps = { warmup: quick ? 1 : 10, timed: quick ? 3 : 100 };
/** Threads for both sides: ours defaults to the cores (createCpuBackend's availableParallelism). */
export const threads = Number(process.env.BENCH_THREADS ?? availableParallelism());

/** One timed repeat as the peer reports it. */
export interface PeerRun {
  ms: number;
  steps: number;
  work: number;
  per_s: number;
  unit: string;
  loss?: number;
}

/** The peer's median over repeats of one case. */
export interface PeerMedian {
  medianMs: number;
  runsMs: number[];
  /** Samples/s or GB/s, the median of the repeats' figures. */
  perS: number;
  unit: string;
  loss?: number;
}

let torchPython: string | null | undefined;

/**
 * The first of TORCH_PYTHON, python3, /usr/bin/python3 that can import torch; null if none (checked once).
 * @example
 * if (await findTorchPython()) ...
 */
export async function findTorchPython(): Promise<string | null> {
  if (torchPython !== undefined) return torchPython;
  torchPython = null;
  for (const exe of [process.env.TORCH_PYTHON, "python3", "/usr/bin/python3"]) {
    if (!exe) continue;
    try {
      const p = Bun.spawn([exe, "-c", "import torch"], { stdout: "ignore", stderr: "ignore", env: peerEnv() });
      if ((await p.exited) === 0) return (torchPython = exe);
    } catch {
      // not installed under this name
    }
  }
  return torchPython;
}

/** Pause between sides, as lib/measure.ts's measureAlternating makes: spinning thread pools settle. */
const settle = () => new Promise((r) => setTimeout(r, 150));

/**
 * Runs `n` repeats of one peer case (after one untimed repeat) and returns the median. `ours`,
 * when given, is one repeat of our side returning its own timed ms; it then runs before each
 * peer repeat, so a load change on the shared machine hits both sides alike.
 * @example
 * const { peer } = await peerMedian(torch, "mlp", runs);
 */
export async function peerMedian(
  peer: Peer, name: string, n = runs, ours?: () => Promise<number>,
): Promise<{ peer: PeerMedian; oursMs?: number[] }> {
  await ours?.();
  await settle();
  await peer.request(name);
  const got: PeerRun[] = [];
  const oursMs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (ours) {
      await settle();
      oursMs.push(await ours());
    }
    await settle();
    got.push((await peer.request(name)) as unknown as PeerRun);
  }
  const runsMs = got.map((r) => r.ms);
  const loss = got.at(-1)?.loss;
  return {
    peer: { medianMs: median(runsMs), runsMs, perS: median(got.map((r) => r.per_s)), unit: got[0]?.unit ?? "", ...(loss === undefined ? {} : { loss }) },
    ...(ours ? { oursMs } : {}),
  };
}

/**
 * Runs the training benchmarks: our CPU engine and PyTorch alternating repeat by repeat, medians
 * of `runs` (≥ 5), ratios ours/peer; writes bench/results/train.json.
 * @example
 * await run(); // prints the table, writes the JSON
 */
export async function run(): Promise<void> {
  const python = await findTorchPython();
  if (!python) {
    console.warn("bench train: skipped (no python3 with torch; apt-get install python3-torch, or set TORCH_PYTHON)");
    return;
  }
  const engine = createCpuEngine({ threads });
  const rows: Record<string, unknown>[] = [];
  for (const c of trainCases) {
    const ours = ourCase(engine, c.peerCase, quick ? SIZES.quick : SIZES.full);
    // One peer process per case: a case's tables (256 MiB for the embedding ones) go with it.
    const st = c.unit === "GB/s" ? embeddingSteps : steps;
    const peer = await Peer.start("train_torch.py", { cases: [c.peerCase], threads, seed: 1, warmup: st.warmup, steps: st.timed, quick }, python);
    try {
      const { peer: p, oursMs } = await peerMedian(peer, c.peerCase, runs, ours && (() => ours.repeat(st.warmup, st.timed)));
      const oursMedian = oursMs ? median(oursMs) : undefined;
      const oursPerS = ours && oursMedian ? (ours.work * st.timed) / (oursMedian / 1000) / (c.unit === "GB/s" ? 1e9 : 1) : undefined;
      rows.push({ case: c.label, size: c.size, unit: c.unit, oursMs, oursMedianMs: oursMedian, oursPerS, oursLoss: ours?.lastLoss, peer: p, ratio: oursPerS && oursPerS / p.perS });
    } finally {
      ours?.dispose();
      await peer.close();
    }
  }
  const fmt = (v: number | undefined, unit: string) => (v === undefined ? "—" : `${unit === "GB/s" ? v.toFixed(2) : Math.round(v).toLocaleString("en-US")} ${unit}`);
  console.log(formatTable(rows.map((r) => {
    const p = r.peer as PeerMedian;
    return {
      case: String(r.case), size: String(r.size),
      "ours (cpu)": fmt(r.oursPerS as number | undefined, p.unit), "torch (CPU)": fmt(p.perS, p.unit),
      "ours/torch": r.ratio === undefined ? "— (peer row)" : `${(r.ratio as number).toFixed(2)}×`,
      "target": "≥ 1.0×",
    };
  })));
  const webgpu = process.env.BENCH_BACKENDS === "cpu" ? undefined : await webgpuRows(rows);
  const result = { command: `${quick ? "BENCH_QUICK=1 " : ""}bun run bench train`, date: new Date().toISOString(), engine: engine.description, threads, steps, embeddingSteps, runs, quick, rows, webgpu };
  const file = join(import.meta.dir, "results", `train${quick ? ".quick" : ""}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

/**
 * Our cases on the WebGPU engine (no peer of its own: the ratio is against the same run's
 * PyTorch CPU figure). On a software adapter (lavapipe) this checks the path, not speed.
 */
async function webgpuRows(cpuRows: Record<string, unknown>[]): Promise<Record<string, unknown> | undefined> {
  process.env.XDG_RUNTIME_DIR ??= "/tmp";
  const { probeAdapter } = await import("../packages/core-gpu/src/webgpu/adapter.ts");
  if (!(await probeAdapter())) {
    console.warn("bench train: no WebGPU adapter, webgpu rows skipped");
    return undefined;
  }
  const { createWebGpuEngine } = await import("../packages/core-gpu/src/tensor/webgpu-engine.ts");
  const gpu = await createWebGpuEngine();
  const out: Record<string, unknown>[] = [];
  for (const [i, c] of trainCases.entries()) {
    const ours = ourCase(gpu, c.peerCase, quick ? SIZES.quick : SIZES.full);
    if (!ours) continue;
    await ours.repeat(1, 1);
    const ms: number[] = [];
    for (let r = 0; r < runs; r++) ms.push(await ours.repeat(1, 3));
    ours.dispose();
    const perS = (ours.work * 3) / (median(ms) / 1000) / (c.unit === "GB/s" ? 1e9 : 1);
    const peer = (cpuRows[i]!.peer as PeerMedian).perS;
    out.push({ case: c.label, size: c.size, perS, ms, ratio: perS / peer, peerPerS: peer, unit: c.unit });
  }
  console.log(`webgpu (${gpu.description}):`);
  console.log(formatTable(out.map((r) => ({
    case: String(r.case), size: String(r.size), "ours (webgpu)": `${(r.perS as number).toFixed(r.unit === "GB/s" ? 2 : 0)} ${r.unit}`,
    "torch (CPU)": `${(r.peerPerS as number).toFixed(r.unit === "GB/s" ? 2 : 0)} ${r.unit}`, "ours/torch": `${(r.ratio as number).toFixed(3)}×`,
  }))));
  const adapter = gpu.description;
  await gpu.dispose();
  return { adapter, rows: out };
}

if (import.meta.main) await run();
