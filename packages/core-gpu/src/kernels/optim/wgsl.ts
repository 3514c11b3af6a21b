/**
 * The optimiser updates in WGSL: one thread per coordinate, 64 a workgroup, f32 throughout.
 * A program is (kind, dense or sparse, scaled, SGD with or without velocity); the constants are
 * uniforms, so one pipeline serves every step. Parameters and state larger than one binding are
 * bound window by window (../windows.ts); a sparse update's thread maps its values
 * element to a table element and does nothing unless that element lies in the bound window.
 */
import type { ProgramInfo } from "../../webgpu/program.ts";
import { linearEntry, threadIndex } from "../../webgpu/wgsl.ts";
import { WG } from "../windows.ts";
import type { UpdateKind } from "./attrs.ts";

/** Per kind: which uniforms are u32 flags, and the update of coordinate k from its gradient g. */
const KINDS: Record<UpdateKind, { flags: string[]; body: (hasState: boolean) => string }> = {
  sgd: {
    flags: ["nesterov"],
    body: (velocity) => velocity
      ? `let gk = g + u.wd * param[k];
  let v = u.momentum * s0[k] + gk;
  s0[k] = v;
  param[k] = param[k] - u.lr * select(v, gk + u.momentum * v, u.nesterov != 0u);`
      : "param[k] = param[k] - u.lr * (g + u.wd * param[k]);",
  },
  adam: {
    flags: ["decoupled"],
    body: () => `let w = select(param[k], param[k] * (1.0 - u.lr * u.wd), u.decoupled != 0u);
  let gk = select(g + u.wd * w, g, u.decoupled != 0u);
  let m = u.beta1 * s0[k] + (1.0 - u.beta1) * gk;
  let v = u.beta2 * s1[k] + (1.0 - u.beta2) * gk * gk;
  s0[k] = m;
  s1[k] = v;
  param[k] = w - u.stepSize * m / (sqrt(v) / u.sqrtBc2 + u.eps);`,
  },
  adagrad: {
    flags: [],
    body: () => `let gk = g + u.wd * param[k];
  let a = s0[k] + gk * gk;
  s0[k] = a;
  param[k] = param[k] - u.lr * gk / (sqrt(a) + u.eps);`,
  },
  ftrl: {
    flags: [],
    body: () => `let nOld = s1[k];
  let nNew = nOld + g * g;
  let z = s0[k] + g - (sqrt(nNew) - sqrt(nOld)) / u.alpha * param[k];
  s0[k] = z;
  s1[k] = nNew;
  param[k] = select(-(z - sign(z) * u.l1) / ((u.beta + sqrt(nNew)) / u.alpha + u.l2), 0.0, abs(z) <= u.l1);`,
  },
};

/** Uniform order per kind; must match `constValues(constsOf(kind))` (attrs.ts). */
const ORDER: Record<UpdateKind, string[]> = {
  sgd: ["lr", "momentum", "wd", "nesterov"],
  adam: ["lr", "beta1", "beta2", "eps", "wd", "decoupled", "stepSize", "sqrtBc2"],
  adagrad: ["lr", "eps", "wd"],
  ftrl: ["alpha", "beta", "l1", "l2"],
};

const programs = new Map<string, ProgramInfo>();

/**
 * The program of one update variant (cached: the body is built once per variant).
 * @example
 * updateProgram("adam", true, false, 2); // lazy Adam, no gradScale
 */
export function updateProgram(kind: UpdateKind, sparse: boolean, scaled: boolean, states: number): ProgramInfo {
  const key = `${kind}:${sparse ? "sparse" : "dense"}:${scaled ? "scaled" : "plain"}:${states}`;
  let p = programs.get(key);
  if (p) return p;
  const k = KINDS[kind];
  const flags = new Set(k.flags);
  const bindings: Array<ProgramInfo["bindings"][number]> = [{ name: "param", type: "array<f32>", access: "read_write" }, { name: "grad", type: "array<f32>", access: "read" }];
  if (sparse) bindings.push({ name: "rows", type: "array<i32>", access: "read" });
  for (let s = 0; s < states; s++) bindings.push({ name: `s${s}`, type: "array<f32>", access: "read_write" });
  if (scaled) bindings.push({ name: "scale", type: "array<f32>", access: "read" });
  // leading uniforms: dense [count]; sparse [count, width, rows, first, len] (the table window)
  const prefix: Array<[string, "u32"]> = sparse ? [["count", "u32"], ["width", "u32"], ["rows", "u32"], ["first", "u32"], ["len", "u32"]] : [["count", "u32"]];
  const locate = sparse
    ? `let id = rows[i / u.width];
  if (id < 0 || u32(id) >= u.rows) { return; }
  let e = u32(id) * u.width + i % u.width;
  if (e < u.first || e - u.first >= u.len) { return; }
  let k = e - u.first;`
    : "let k = i;";
  p = {
    name: `optim.${kind}${sparse ? ".sparse" : ""}`,
    cacheKey: key,
    bindings,
    uniforms: [...prefix, ...ORDER[kind].map((n) => [n, flags.has(n) ? "u32" : "f32"] as [string, "u32" | "f32"])],
    body: () => `${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  ${locate}
  let g = grad[i]${scaled ? " * scale[0]" : ""};
  ${k.body(states > 0)}
}`,
  };
  programs.set(key, p);
  return p;
}
