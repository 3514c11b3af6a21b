/**
 * Kernel family "optim": in-place optimiser updates, all f32, all returning [].
 * Dense: SgdUpdate [param, grad, velocity?], AdamUpdate [param, grad, m, v] (AdamW with
 * `decoupled`), AdagradUpdate [param, grad, accum], FtrlUpdate [param, grad, z, n].
 * Row-sparse (lazy) for embedding tables: Sparse{Sgd,Adam,Adagrad,Ftrl}Update
 * [table [N, D], rows i32 [U], values [U, D], ...state]: only the listed (unique) rows of the
 * table and its state change. Every update takes a trailing gradScale f32 [1] when
 * `attrs.scaled` is true. Formulas and defaults: attrs.ts and reference.ts.
 *
 * @example
 * import "./kernels/optim/index.ts";
 * runKernel("AdamUpdate", [w, gw, m, v], { lr: 1e-3, step: 1, weightDecay: 0.01, decoupled: true });
 * runKernel("SparseAdagradUpdate", [table, rows, values, accum, clipScale], { lr: 0.05, scaled: true });
 */
import { defineKernel } from "../../tensor/registry.ts";
import type { UpdateAttrs } from "./attrs.ts";
import { cpuUpdate } from "./cpu.ts";
import { referenceUpdate } from "./reference.ts";
import { UPDATES, validateUpdate } from "./validate.ts";
import { webgpuUpdate } from "./webgpu.ts";

export type { AdagradAttrs, AdamAttrs, FtrlAttrs, SgdAttrs, UpdateAttrs } from "./attrs.ts";

for (const spec of UPDATES) {
  defineKernel<UpdateAttrs>({ name: spec.name, validate: validateUpdate(spec), cpu: cpuUpdate(spec), webgpu: webgpuUpdate(spec), reference: referenceUpdate(spec) });
}
