/** Test cases shared by the optim family's tests: updates with their attributes and state initialisation. */
import { randomMatrix, type Rng } from "../../testing/random.ts";
import type { UpdateAttrs } from "./attrs.ts";

export interface Case { name: string; attrs: UpdateAttrs; states: number; positive?: boolean }
/** Every dense update with momentum/Nesterov and weight decay both ways. */
export const DENSE_CASES: Case[] = [
  { name: "SgdUpdate", attrs: { lr: 0.1 }, states: 0 },
  { name: "SgdUpdate", attrs: { lr: 0.1, weightDecay: 0.05 }, states: 0 },
  { name: "SgdUpdate", attrs: { lr: 0.1, momentum: 0.9, weightDecay: 0.01 }, states: 1 },
  { name: "SgdUpdate", attrs: { lr: 0.05, momentum: 0.8, nesterov: true }, states: 1 },
  { name: "AdamUpdate", attrs: { lr: 0.01, step: 1 }, states: 2, positive: true },
  { name: "AdamUpdate", attrs: { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, step: 1 }, states: 2, positive: true },
  { name: "AdamUpdate", attrs: { lr: 0.01, weightDecay: 0.1, decoupled: true, step: 1 }, states: 2, positive: true },
  { name: "AdagradUpdate", attrs: { lr: 0.1, weightDecay: 0.01 }, states: 1, positive: true },
  { name: "FtrlUpdate", attrs: { alpha: 0.5, beta: 1, l1: 0.05, l2: 0.01 }, states: 2, positive: true },
  { name: "FtrlUpdate", attrs: { alpha: 0.2 }, states: 2, positive: true },
];

/** State initial values: random (so momentum matters from step 1) within what each state can hold (v, n ≥ 0, Adagrad's accumulator > 0). */
export function initialState(rng: Rng, c: Case, k: number, n: number): Float32Array {
  if (c.name.includes("Adagrad")) return randomMatrix(rng, n, 0.05, 0.2);
  if (c.name.includes("Ftrl") && k === 1) return randomMatrix(rng, n, 0, 0.5); // n ≥ 0
  if (c.name.includes("Adam") && k === 1) return randomMatrix(rng, n, 0, 0.01); // v ≥ 0
  return c.positive ? randomMatrix(rng, n, -0.1, 0.1) : randomMatrix(rng, n, -0.5, 0.5);
}

/** Every lazy (row-sparse) update, weight decay both ways for Adam. */
export const SPARSE_CASES: Case[] = [
  { name: "SparseSgdUpdate", attrs: { lr: 0.1, weightDecay: 0.01 }, states: 0 },
  { name: "SparseAdamUpdate", attrs: { lr: 0.01, weightDecay: 0.05, step: 3 }, states: 2, positive: true },
  { name: "SparseAdamUpdate", attrs: { lr: 0.01, weightDecay: 0.05, decoupled: true, step: 1 }, states: 2, positive: true },
  { name: "SparseAdagradUpdate", attrs: { lr: 0.1 }, states: 1, positive: true },
  { name: "SparseFtrlUpdate", attrs: { alpha: 0.5, beta: 1, l1: 0.05, l2: 0.01 }, states: 2, positive: true },
];

/** The attrs of step `s` (0-based) of a run: Adam's step counts up. */
export const stepAttrs = (attrs: UpdateAttrs, s: number): UpdateAttrs => ("step" in attrs ? { ...attrs, step: attrs.step + s } : attrs);
