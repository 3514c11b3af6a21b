/**
 * The optimiser updates' input layouts and checks. Dense updates take [param, grad, ...state];
 * sparse (lazy) ones [table [N, D], rows i32 [U], values [U, D], ...state]; each may end with
 * gradScale f32 [1] when `attrs.scaled`. State tensors have the parameter's shape. Rows must be
 * unique and in [0, N): the checks cannot see device data, so the CPU and reference engines
 * throw on rows out of range, WebGPU skips them, and duplicates are the caller's (the nn layer's)
 * guarantee; with duplicates the result is unspecified.
 */
import { sameShape, shapeText, type Tensor } from "../../tensor/tensor.ts";
import type { SgdAttrs, UpdateAttrs, UpdateKind } from "./attrs.ts";

export interface UpdateSpec {
  name: string;
  kind: UpdateKind;
  sparse: boolean;
  /** State inputs after the gradient, by name; SgdUpdate's velocity is optional. */
  states: readonly string[];
}

export const UPDATES: readonly UpdateSpec[] = [
  { name: "SgdUpdate", kind: "sgd", sparse: false, states: ["velocity"] },
  { name: "AdamUpdate", kind: "adam", sparse: false, states: ["m", "v"] },
  { name: "AdagradUpdate", kind: "adagrad", sparse: false, states: ["accum"] },
  { name: "FtrlUpdate", kind: "ftrl", sparse: false, states: ["z", "n"] },
  { name: "SparseSgdUpdate", kind: "sgd", sparse: true, states: [] },
  { name: "SparseAdamUpdate", kind: "adam", sparse: true, states: ["m", "v"] },
  { name: "SparseAdagradUpdate", kind: "adagrad", sparse: true, states: ["accum"] },
  { name: "SparseFtrlUpdate", kind: "ftrl", sparse: true, states: ["z", "n"] },
];

/** The inputs of one call, by role. `grad` is the values [U, D] of a sparse update. */
export interface Layout {
  param: Tensor;
  grad: Tensor;
  rows?: Tensor;
  states: Tensor[];
  scale?: Tensor;
}

/**
 * Splits inputs into roles (after `validateUpdate` has checked their count).
 * @example
 * const { param, grad, states, scale } = layoutOf(spec, [w, gw, m, v, gs], { lr: 1e-3, step: 1, scaled: true });
 */
export function layoutOf(spec: UpdateSpec, inputs: readonly Tensor[], attrs: UpdateAttrs): Layout {
  const scale = attrs.scaled ? inputs[inputs.length - 1] : undefined;
  const rest = attrs.scaled ? inputs.slice(0, -1) : inputs;
  const [param, a, b, ...more] = rest as Tensor[];
  if (spec.sparse) return { param: param!, rows: a, grad: b!, states: more, scale };
  return { param: param!, grad: a!, states: b ? [b, ...more] : [], scale };
}

const ATTR_RULES: Record<UpdateKind, Array<[string, (v: number) => boolean, string, boolean]>> = {
  sgd: [["lr", (v) => v >= 0, "a finite number ≥ 0", true], ["momentum", (v) => v >= 0, "a finite number ≥ 0", false], ["weightDecay", (v) => v >= 0, "a finite number ≥ 0", false]],
  adam: [["lr", (v) => v >= 0, "a finite number ≥ 0", true], ["beta1", (v) => v >= 0 && v < 1, "a number in [0, 1)", false], ["beta2", (v) => v >= 0 && v < 1, "a number in [0, 1)", false],
    ["eps", (v) => v >= 0, "a finite number ≥ 0", false], ["weightDecay", (v) => v >= 0, "a finite number ≥ 0", false], ["step", (v) => Number.isInteger(v) && v >= 1, "an integer ≥ 1", true]],
  adagrad: [["lr", (v) => v >= 0, "a finite number ≥ 0", true], ["eps", (v) => v >= 0, "a finite number ≥ 0", false], ["weightDecay", (v) => v >= 0, "a finite number ≥ 0", false]],
  ftrl: [["alpha", (v) => v > 0, "a finite number > 0", true], ["beta", (v) => v >= 0, "a finite number ≥ 0", false], ["l1", (v) => v >= 0, "a finite number ≥ 0", false], ["l2", (v) => v >= 0, "a finite number ≥ 0", false]],
};

function checkAttrs(spec: UpdateSpec, attrs: UpdateAttrs, hasVelocity: boolean): void {
  const a = (attrs ?? {}) as unknown as Record<string, unknown>;
  for (const [key, ok, expected, required] of ATTR_RULES[spec.kind]) {
    const v = a[key];
    if (v === undefined && !required) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) throw new RangeError(`${spec.name}: ${key} = ${String(v)}, expected ${expected}`);
  }
  if (spec.kind !== "sgd") return;
  const { momentum = 0, nesterov = false } = attrs as SgdAttrs;
  if (spec.sparse && (momentum !== 0 || nesterov)) throw new RangeError(`${spec.name}: momentum ${momentum} / nesterov ${nesterov}: the lazy update has no velocity (use SparseAdamUpdate or dense SgdUpdate)`);
  if (momentum !== 0 && !hasVelocity) throw new RangeError(`${spec.name}: momentum ${momentum} needs a velocity input [param, grad, velocity]`);
  if (nesterov && momentum <= 0) throw new RangeError(`${spec.name}: nesterov needs momentum > 0, found ${momentum}`);
}

/**
 * The family's input check, one per kernel name.
 * @example
 * defineKernel({ name: spec.name, validate: validateUpdate(spec), ... });
 */
export function validateUpdate(spec: UpdateSpec): (inputs: readonly Tensor[], attrs: UpdateAttrs) => void {
  const base = (spec.sparse ? 3 : 2) + spec.states.length;
  const names = [spec.sparse ? "table, rows, values" : "param, grad", ...spec.states].join(", ");
  return (inputs, attrs) => {
    const extra = attrs?.scaled ? 1 : 0;
    const counts = spec.name === "SgdUpdate" ? [base - 1 + extra, base + extra] : [base + extra];
    if (!counts.includes(inputs.length)) {
      throw new RangeError(`${spec.name}: found ${inputs.length} inputs, expected ${counts.join(" or ")} (${names}${extra ? ", gradScale" : ""}${spec.name === "SgdUpdate" ? "; velocity optional" : ""})`);
    }
    const { param, grad, rows, states, scale } = layoutOf(spec, inputs, attrs);
    const what = spec.sparse ? "table" : "param";
    const all = [param, grad, ...states, ...(rows ? [rows] : []), ...(scale ? [scale] : [])];
    for (const t of [param, grad, ...states, ...(scale ? [scale] : [])]) {
      if (t.dtype !== "f32") throw new RangeError(`${spec.name}: input ${shapeText(t.shape)} is ${t.dtype}, expected f32`);
    }
    if (spec.sparse) {
      if (param.rank !== 2) throw new RangeError(`${spec.name}: table ${shapeText(param.shape)} has rank ${param.rank}, expected [N, D]`);
      if (rows!.dtype !== "i32" || rows!.rank !== 1) throw new RangeError(`${spec.name}: rows ${shapeText(rows!.shape)} is ${rows!.dtype}, expected i32 [U]`);
      if (!sameShape(grad.shape, [rows!.shape[0]!, param.shape[1]!])) {
        throw new RangeError(`${spec.name}: table ${shapeText(param.shape)}, rows ${shapeText(rows!.shape)} and values ${shapeText(grad.shape)}: expected values [${rows!.shape[0]}, ${param.shape[1]}]`);
      }
    } else if (!sameShape(grad.shape, param.shape)) {
      throw new RangeError(`${spec.name}: param ${shapeText(param.shape)} and grad ${shapeText(grad.shape)} differ`);
    }
    states.forEach((s, i) => {
      if (!sameShape(s.shape, param.shape)) throw new RangeError(`${spec.name}: ${what} ${shapeText(param.shape)} and ${spec.states[i]} ${shapeText(s.shape)} differ`);
    });
    if (scale && scale.size !== 1) throw new RangeError(`${spec.name}: gradScale ${shapeText(scale.shape)} has ${scale.size} elements, expected 1`);
    // Updated tensors are bound writable on WebGPU: none may also be another input.
    if (new Set(all).size !== all.length) throw new RangeError(`${spec.name}: the same tensor is passed as two inputs (${what}, gradient and state must be distinct)`);
    checkAttrs(spec, attrs, states.length > 0);
  };
}
