/**
 * Training checkpoints: every parameter of the given modules and the optimiser's state and step
 * in one safetensors file, so a killed training resumes at its last checkpoint with the same
 * moments (a resumed run continues exactly as the uninterrupted one would).
 */
import type { Tensor } from "../../tensor/tensor.ts";
import type { Module } from "../layers.ts";
import type { Optimiser } from "../optim.ts";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { CheckpointError, type SafeTensor } from "./safetensors.ts";

/** Named parameters of named modules: "user.0.weight", … */
function namedParameters(modules: Record<string, Module>): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [m, mod] of Object.entries(modules)) for (const [n, t] of mod.parameters()) out.set(`${m}.${n}`, t);
  return out;
}

/**
 * Saves parameters, optimiser state and `extra` metadata to `path` (atomically).
 * @example
 * await saveTraining("runs/x/ckpt.safetensors", { user: userTower, item: itemTower }, opt, { epoch: "3" });
 */
export async function saveTraining(path: string, modules: Record<string, Module>, optimiser?: Optimiser, extra: Record<string, string> = {}): Promise<void> {
  const tensors = new Map<string, SafeTensor>();
  for (const [name, t] of namedParameters(modules)) {
    tensors.set(name, { dtype: "F32", shape: [...t.shape], data: (await t.read()) as Float32Array });
    const state = optimiser?.state.get(t) ?? [];
    for (const [k, s] of state.entries()) tensors.set(`${name}#opt${k}`, { dtype: "F32", shape: [...s.shape], data: (await s.read()) as Float32Array });
  }
  await saveCheckpoint(path, tensors, { ...extra, optimiserStep: String(optimiser?.stepCount ?? 0) });
}

/**
 * Loads a checkpoint written by saveTraining into the same modules (shapes must match) and
 * optimiser; returns the metadata. Missing or mismatched tensors are errors naming the file and
 * the tensor.
 */
export async function loadTraining(path: string, modules: Record<string, Module>, optimiser?: Optimiser): Promise<Record<string, string>> {
  const { tensors, metadata } = await loadCheckpoint(path);
  const check = (name: string, t: Tensor): Float32Array => {
    const saved = tensors.get(name);
    if (!saved) throw new CheckpointError(path, `has no tensor "${name}" (it holds: ${[...tensors.keys()].slice(0, 8).join(", ")}…)`);
    if (saved.dtype !== "F32" || saved.shape.join(",") !== t.shape.join(",")) {
      throw new CheckpointError(path, `tensor "${name}" is ${saved.dtype} [${saved.shape}], the model expects F32 [${t.shape}]`);
    }
    return saved.data as Float32Array;
  };
  for (const [name, t] of namedParameters(modules)) {
    t.engine.write(t, check(name, t));
    if (!optimiser) continue;
    const count = [...tensors.keys()].filter((k) => k.startsWith(`${name}#opt`)).length;
    if (count === 0) continue;
    const state = optimiser.ensureState(t, count);
    state.forEach((s, k) => s.engine.write(s, check(`${name}#opt${k}`, s)));
  }
  if (optimiser) optimiser.stepCount = Number(metadata.optimiserStep ?? 0);
  return metadata;
}
