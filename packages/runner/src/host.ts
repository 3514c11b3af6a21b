/**
 * `@shortlist/runner/host`: the runner's own machinery for tools that drive pipelines rather than
 * run inside one (`@shortlist/plugin-tuner`): loading and planning a pipeline file, `--set`
 * overrides, stage fingerprints, the manifest and the artifact codec. Plugins do not need it.
 * @example
 * import { loadPipeline, fingerprint } from "@shortlist/runner/host";
 * const { plan, cfg } = await loadPipeline("examples/movielens.yaml", { sets: ["seed=7"] });
 */
export { loadPipeline, type LoadedPipeline, type LoadOptions } from "./pipeline-file.ts";
export type { PlannedStage } from "./plan.ts";
export { applyOverrides, parseSetPath } from "./config/overrides.ts";
export { ConfigError, nearest, suggestion, type Where } from "./config/config-error.ts";
export { parseYaml, whereOf, type SourceDoc } from "./config/yaml-doc.ts";
export { fingerprint, readManifest, type Manifest, type StageRecord, type ArtifactRecord } from "./store/manifest.ts";
export { encodeArtifact, decodeArtifact, fileNameFor, hashBytes } from "./store/codec.ts";
export { writeFileAtomic } from "./store/atomic.ts";
export { runPipeline, type RunOptions, type RunResult } from "./run.ts";
export { Interrupted, UserError, StageError } from "./errors.ts";
export { pidAlive } from "./store/pid-alive.ts";
export { barChart, type BarSeries } from "./report/bar-chart.ts";
export { figure, section, table as htmlTable } from "./report/html.ts";
export { acquireRunLock } from "./store/run-lock.ts";
// `shortlist worker` in-process (tests, embedding): loads BullMQ, so not from the plugin entry point
export { startWorker, type RunningWorker, type WorkerOptions } from "./cluster/worker.ts";
// the coordinator side of a queue, for tools that send their own work to `shortlist worker`s (`shortlist tune --queue`)
export { createCoordinator, type CallRecord, type Coordinator, type MapCall } from "./cluster/coordinator.ts";
export { checkQueue, defaultShards } from "./cluster/check-queue.ts";
export { parseQueueUrl } from "./cluster/connection.ts";

