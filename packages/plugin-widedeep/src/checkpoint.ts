/**
 * A Wide & Deep checkpoint is two safetensors files, because its two optimisers keep separate
 * state: `<base>.wide.safetensors` (wide weights + FTRL's z, n) and `<base>.deep.safetensors`
 * (tables, MLP + Adam's moments and step). Writes are atomic per file (saveTraining).
 */
import * as nn from "@shortlist/core-gpu/nn";
import type { WideDeep } from "./model.ts";
import type { Optimisers } from "./step.ts";

const files = (base: string) => ({ wide: `${base}.wide.safetensors`, deep: `${base}.deep.safetensors` });

/** @example await saveModel(join(dir, "epoch-3"), model, opts) */
export async function saveModel(base: string, model: WideDeep, opt?: Optimisers): Promise<void> {
  const f = files(base);
  const m = model.modules();
  if (m.wide) await nn.saveTraining(f.wide, { wide: m.wide }, opt?.wide);
  await nn.saveTraining(f.deep, m.deep, opt?.deep);
}

/** Restores what saveModel wrote (optimiser state too, when given). @example await loadModel(base, model) */
export async function loadModel(base: string, model: WideDeep, opt?: Optimisers): Promise<void> {
  const f = files(base);
  const m = model.modules();
  if (m.wide) await nn.loadTraining(f.wide, { wide: m.wide }, opt?.wide);
  await nn.loadTraining(f.deep, m.deep, opt?.deep);
}
