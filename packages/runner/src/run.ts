/**
 * Runs a checked pipeline: stages in file order, each skipped when its fingerprint and outputs are
 * unchanged (resume), outputs written atomically and recorded in manifest.json with content hashes.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createBackend, describeBackend, type Backend } from "@shortlist/core-gpu";
import type { Artifact } from "./artifacts.ts";
import { writeReport } from "./report/write-report.ts";
import { readPreviousRun } from "./previous-run.ts";
import { trackStageMemory } from "./stage-memory.ts";
import { checkOutputsWritten, createContext } from "./context.ts";
import { Interrupted, StageError } from "./errors.ts";
import { DEFAULT_INTERRUPT_GRACE_MS, untilInterrupted } from "./interrupt.ts";
import { loadPipeline, type LoadedPipeline } from "./pipeline-file.ts";
import { leaveOut, requireCachedInputs, selectedStages } from "./only-stages.ts";
import { redactOptions } from "./secret-options.ts";
import { checkReuse } from "./stage-reuse.ts";
import { cleanStaleStageTemps } from "./stale-stage-temps.ts";
import { closeWorkDir, openWorkDir } from "./stage-work-dir.ts";
import { acquireRunLock } from "./store/run-lock.ts";
import { ProgressReporter, type ProgressSink } from "./progress.ts";
import { writeFileAtomic } from "./store/atomic.ts";
import { createRunDir } from "./store/create-run-dir.ts";
import { checkServices } from "./check-services.ts";
import { duringStage } from "./environment-error.ts";
import { decodeArtifact, encodeArtifact, fileNameFor, hashBytes } from "./store/codec.ts";
import { fingerprint, readManifest, writeManifest, type ArtifactRecord, type StageRecord } from "./store/manifest.ts";
import { formatSummary, type StageSummary } from "./summary.ts";
import { startRunHistory } from "./run-history.ts";
import { clusterHandle, workerSpecs } from "./cluster/stage-handle.ts";
import type { Coordinator } from "./cluster/coordinator.ts";
import { UserError } from "./errors.ts";
import type { Plugin } from "./plugin.ts";
import pkg from "../package.json" with { type: "json" };

export interface RunOptions {
  file: string;
  /** The run directory (default runs/<name> under the current directory). */
  out?: string;
  sets?: string[];
  fresh?: boolean;
  /** Stage ids to run from the cached outputs of the others (--only); the others are never recomputed. */
  only?: string[];
  /** Folders besides the pipeline file's own that its `plugins:` may load files from (--allow-plugin-path). */
  allowPluginPaths?: string[];
  env?: Record<string, string | undefined>;
  stderr?: ProgressSink;
  stdout?: ProgressSink;
  /** Aborting stops the run: the running stage sees it as ctx.signal (see interrupt.ts). */
  signal?: AbortSignal;
  /** How long a running stage gets to stop by itself after the signal aborts (default 10 s). */
  interruptGraceMs?: number;
  /**
   * Decoded artifacts by sha256, kept by the caller across runs (`shortlist tune`'s workers): a
   * cached input with a hash found here is not read and decoded again, and the run adds the
   * artifacts it decodes or computes.
   */
  decoded?: Map<string, Artifact>;
  /** `--queue redis://…`: coordinate `shortlist worker`s; stages with shard tasks send them their heavy work. */
  queue?: string;
  /** `--store DIR|s3://…`: the store the coordinator and its workers share (needed with queue). */
  store?: string;
  /** `--shards N`: ranges per sharded call (default: two per connected worker, 8 when none is). */
  shards?: number;
}

export interface RunResult {
  runDir: string;
  stages: StageSummary[];
  metrics: Record<string, Record<string, number>>;
}

/** Writes one stage output into artifacts/ atomically and returns its manifest record; a full disk names the stage. */
async function persistArtifact(runDir: string, name: string, artifact: Artifact, stage: string): Promise<ArtifactRecord> {
  const file = join("artifacts", fileNameFor(name, artifact));
  const bytes = encodeArtifact(artifact);
  await writeFileAtomic(join(runDir, file), bytes).catch((e) => Promise.reject(duringStage(e, stage)));
  return { file, kind: artifact.kind, hash: hashBytes(bytes), bytes: bytes.byteLength };
}

/** @example await runPipeline({ file: "examples/movielens.yaml" }) */
export async function runPipeline(opts: RunOptions): Promise<RunResult> {
  const { cfg, plan, pipelineDir, registry } = await loadPipeline(opts.file, { sets: opts.sets, env: opts.env, allowPluginPaths: opts.allowPluginPaths });
  if (opts.queue && !opts.store) throw new UserError(`--queue needs --store DIR (a directory every worker mounts at the same path) or --store s3://bucket/prefix`);
  await checkServices(plan, opts.only); // a wrong port or password fails now, not after all the compute
  // the same for the workers' queue; BullMQ is loaded only when there is one (~0.1 s a process)
  const cluster = opts.queue ? await import("./cluster/coordinator.ts") : undefined;
  let shards = opts.shards;
  if (opts.queue) {
    const { checkQueue, defaultShards } = await import("./cluster/check-queue.ts");
    const address = (await import("./cluster/connection.ts")).parseQueueUrl(opts.queue);
    await checkQueue(address);
    if (shards === undefined) {
      const d = await defaultShards(address);
      shards = d.shards;
      (opts.stderr ?? process.stderr).write(`${d.workers} worker(s) connected to ${address.display}: ${shards} shards per sharded call (--shards sets it)\n`);
    }
  }
  const runDir = resolve(opts.out ?? join("runs", cfg.name));
  createRunDir(runDir);
  const lock = acquireRunLock(runDir, (m) => (opts.stderr ?? process.stderr).write(`${m}\n`));
  const history = startRunHistory({ runDir, file: opts.file, pipeline: cfg.name, seed: cfg.seed, plan, sets: opts.sets, only: opts.only, fresh: opts.fresh });
  const summaries: StageSummary[] = []; // filled as stages end, so a failed run's history has them
  try {
    const coordinator = cluster?.createCoordinator({ queue: opts.queue!, store: opts.store!, shards, name: cfg.name, backend: cfg.backend });
    const result = await runLocked(opts, { cfg, plan, pipelineDir }, runDir, summaries, workerSpecs(cfg.plugins, registry.plugins, pipelineDir), coordinator);
    await history.finish(summaries);
    return result;
  } catch (e) {
    await history.finish(summaries, e).catch(() => undefined); // the run's own error is the one to report
    throw e;
  } finally {
    lock.release();
  }
}

/** The run itself, while this process holds the run directory's lock. */
async function runLocked(opts: RunOptions, { cfg, plan, pipelineDir }: Omit<LoadedPipeline, "registry">, runDir: string, summaries: StageSummary[], specs: Map<Plugin, string>, coordinator?: Coordinator): Promise<RunResult> {
  const only = selectedStages(plan, opts.only, opts.fresh);
  const notCached = new Map<string, string>(); // artifact → why --only cannot read it
  const manifest = readManifest(runDir, cfg.name, pkg.version);
  const previous = readPreviousRun(runDir); // before this run's history entry and metrics.json replace it
  const progress = new ProgressReporter(opts.stderr ?? process.stderr);
  const stdout = opts.stdout ?? process.stdout;
  cleanStaleStageTemps(plan, { runDir, pipelineDir }, (m) => progress.log(m));
  const known = new Map<string, { record: ArtifactRecord; value?: Artifact }>();
  const load = async (name: string): Promise<Artifact> => {
    const a = known.get(name);
    if (!a) throw new Error(`artifact ${name} is not available`);
    if (!a.value) {
      a.value = opts.decoded?.get(a.record.hash) ?? (await decodeArtifact(a.record.kind, new Uint8Array(readFileSync(join(runDir, a.record.file))), a.record.file));
      opts.decoded?.set(a.record.hash, a.value);
    }
    return a.value;
  };
  const signal = opts.signal ?? new AbortController().signal;
  let backend: Promise<Backend> | undefined;
  let backendName: string | undefined;
  const getBackend = () => {
    // One line, through the progress reporter (core-gpu's own goes to console.error: red in a terminal).
    backend ??= createBackend(cfg.backend, { signal, log: () => {} }).then((b) => {
      backendName = `${b.name} (${b.adapter})`;
      progress.log(describeBackend(b));
      return b;
    });
    return backend;
  };
  for (const use of cfg.skipped) progress.log(`${use}: left out (its when: is empty or false)`);
  if (coordinator) progress.log(`coordinating workers on ${coordinator.address.display}, store ${coordinator.store.location} (run ${coordinator.run})`);
  try {
    for (const [i, st] of plan.entries()) {
      const id = st.config.id;
      if (signal.aborted) throw new Interrupted(`interrupted before stage ${id}`);
      const uncached = [...st.inputs.values()].find((a) => !known.has(a)); // only under --only
      if (uncached !== undefined) {
        if (only?.has(id)) requireCachedInputs(st, (a) => known.has(a), notCached);
        leaveOut(st, `its input ${uncached} is not cached`, notCached, (m) => progress.log(m));
        continue;
      }
      const inputHashes: Record<string, string> = {};
      for (const actual of st.inputs.values()) inputHashes[actual] = known.get(actual)!.record.hash;
      const fp = fingerprint({ plugin: st.plugin.name, version: st.plugin.version, use: st.config.use, options: st.options, seed: cfg.seed, inputs: inputHashes });
      const prev = manifest.stages[id];
      const outputs = new Map<string, Artifact>();
      const metrics: Record<string, number> = {};
      let published: unknown;
      const ctx = createContext({ stage: st, runDir, pipelineDir, pipelineName: cfg.name, seed: cfg.seed, signal, progress, load, backend: getBackend, onPublished: (r) => void (published = r), workDir: () => openWorkDir(runDir, id, fp), cluster: coordinator && clusterHandle(coordinator, { stage: id, plugin: specs.get(st.plugin) ?? "builtin", signal, progress }) }, outputs, metrics);
      const selected = !only || only.has(id);
      const reuse = opts.fresh || only?.has(id) || (!selected && st.def.kind === "sink") ? undefined : await checkReuse({ stage: st, prev, fingerprint: fp, runDir, context: () => ctx });
      if (!selected && !reuse?.reuse) {
        leaveOut(st, reuse?.reuse === false ? reuse.reason : "a sink it did not name", notCached, (m) => progress.log(m));
        continue;
      }
      if (reuse?.reuse === false && reuse.notable) progress.log(`${id}: running again: ${reuse.reason}`);
      const cached = reuse?.reuse === true;
      progress.stageStart(i, plan.length, id, cached);
      if (cached && prev) {
        for (const [name, rec] of Object.entries(prev.outputs)) known.set(name, { record: rec });
        progress.stageEnd("cached", 0);
        summaries.push({ id, status: "cached", seconds: prev.seconds, metrics: prev.metrics, peakRss: prev.peakRss });
        continue;
      }
      const memory = trackStageMemory();
      try {
        await untilInterrupted(Promise.resolve().then(() => st.def.run(ctx, st.options)), signal, opts.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS, `stage ${id}`);
        checkOutputsWritten(st, outputs);
      } catch (e) {
        const status = e instanceof Interrupted ? "interrupted" : "failed";
        progress.stageEnd(status, progress.elapsed());
        summaries.push({ id, status: "failed", seconds: progress.elapsed(), metrics });
        throw e instanceof StageError || e instanceof Interrupted ? e : new StageError(st.plugin.name, id, e);
      }
      const records: Record<string, ArtifactRecord> = {};
      for (const [declared, artifact] of outputs) {
        const actual = st.outputs.get(declared)!;
        records[actual] = await persistArtifact(runDir, actual, artifact, id);
        known.set(actual, { record: records[actual]!, value: artifact });
        opts.decoded?.set(records[actual]!.hash, artifact);
      }
      const seconds = progress.elapsed();
      const rec: StageRecord = { use: st.config.use, plugin: st.plugin.name, version: st.plugin.version, fingerprint: fp, options: redactOptions(st.def.options, st.options), inputs: inputHashes, outputs: records, published, metrics, seconds, peakRss: memory.peakBytes(), finishedAt: new Date().toISOString() };
      manifest.stages[id] = rec;
      await writeManifest(runDir, manifest);
      closeWorkDir(runDir, id, fp);
      progress.stageEnd("done", seconds);
      summaries.push({ id, status: "done", seconds, metrics, peakRss: rec.peakRss });
    }
  } finally {
    if (backend) await (await backend.catch(() => undefined))?.dispose();
    if (coordinator) {
      await coordinator.close();
      if (coordinator.calls.length) await writeFileAtomic(join(runDir, "cluster.json"), JSON.stringify({ run: coordinator.run, queue: coordinator.address.display, calls: coordinator.calls }, null, 1));
    }
  }
  const metrics = Object.fromEntries(summaries.map((s) => [s.id, s.metrics]));
  await writeFileAtomic(join(runDir, "metrics.json"), JSON.stringify({ pipeline: cfg.name, stages: metrics, seconds: Object.fromEntries(summaries.map((s) => [s.id, s.seconds])), peakRss: Object.fromEntries(summaries.map((s) => [s.id, s.peakRss ?? null])), finishedAt: new Date().toISOString() }, null, 1));
  await writeReport({ runDir, pipeline: cfg.name, seed: cfg.seed, backend: backendName, stages: summaries, manifest, known, load, previous });
  stdout.write(`\n${formatSummary(summaries)}\n\nrun directory: ${runDir} (report.html, metrics.json, manifest.json)\n`);
  return { runDir, stages: summaries, metrics };
}

