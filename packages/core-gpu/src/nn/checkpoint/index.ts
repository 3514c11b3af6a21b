/** Checkpoints as safetensors files: the codec and atomic save/load. */
export { CheckpointError, decodeSafetensors, encodeSafetensors, type DecodedSafetensors, type SafeDtype, type SafeTensor } from "./safetensors.ts";
export { checkpointTempPath, loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
export { saveTraining, loadTraining } from "./training.ts";
