/**
 * `@shortlist/runner`: the plugin contract (definePlugin, defineStage, artifacts, errors) and what
 * every stage may use. Recommender helpers (userItemMatrix, neighbourTable, groupRows, id helpers)
 * are in `@shortlist/runner/recsys`; plugin unit tests use `@shortlist/runner/testing`.
 */
export * from "./artifacts.ts";
export * from "./plugin.ts";
export type { StageDerive } from "./stage-derive.ts";
export * from "./errors.ts";
export { writeAtomically, writeFileAtomic } from "./store/atomic.ts";
export { hashFile } from "./store/file-hash.ts";
export { secret, redactUrls } from "./secret-options.ts";
export { checkPath } from "./input-paths.ts";
export { nearest, suggestion } from "./config/config-error.ts";
export { fit, type EpochModel, type EpochRecord, type FitContext, type FitOptions, type TrainingLog } from "./fit-epochs.ts";
export { concatFrames, decodeFrame, encodeFrame, type Frame, type FrameArray, type Json } from "./cluster/frame.ts";
export { defineTask, splitRanges, type ShardRange, type ShardTask, type TaskEnv } from "./cluster/task.ts";
export { csrArrays, csrFrom, topKFrame, topKFrom } from "./cluster/codecs.ts";
