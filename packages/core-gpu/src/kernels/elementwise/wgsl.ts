/**
 * The elementwise kernels in WGSL: one program per (op, operand modes, in place), 64 threads a
 * workgroup, one element a thread. Work larger than one binding is cut into chunks whose start
 * is a multiple of 64 elements (so every window's byte offset is 256-aligned); full-shape
 * operands are bound as windows, broadcast rows/columns/scalars whole.
 */
import { spans } from "../../webgpu/dispatch-grid.ts";
import type { ProgramInfo } from "../../webgpu/program.ts";
import { linearEntry, threadIndex } from "../../webgpu/wgsl.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import type { WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import { WG, windowElems, windowOf } from "../windows.ts";
import { BINARY, HASH32_WGSL, UNARY } from "./ops.ts";
import { binaryPlan, rowsCols, type BinaryAttrs, type Mode, type UnaryAttrs } from "./validate.ts";

const UNIFORMS: ProgramInfo["uniforms"] = [["n", "u32"], ["cols", "u32"], ["start", "u32"], ["alpha", "f32"], ["beta", "f32"], ["seed", "u32"]];
const programs = new Map<string, ProgramInfo>();

function read(name: string, mode: Mode): string {
  if (mode === "full") return `${name}[i]`;
  if (mode === "row") return `${name}[gi % u.cols]`;
  if (mode === "col") return `${name}[gi / u.cols]`;
  return `${name}[0]`;
}

function program(key: string, expr: string, operands: Array<[string, Mode]>, inPlace: boolean): ProgramInfo {
  let p = programs.get(key);
  if (p) return p;
  const names = operands.map(([n]) => `${n}In`);
  const bindings = operands.map(([n], k) => ({ name: names[k]!, type: "array<f32>", access: inPlace && k === 0 ? ("read_write" as const) : ("read" as const) }));
  if (!inPlace) bindings.push({ name: "out", type: "array<f32>", access: "read_write" });
  const target = inPlace ? names[0]! : "out";
  const loads = operands.map(([n, mode], k) => `let ${n} = ${read(names[k]!, mode)};`).join(" ");
  p = {
    name: `elementwise.${key.split(":")[1]}`,
    cacheKey: key,
    bindings,
    uniforms: UNIFORMS,
    body: () => `${expr.includes("keepDropout") ? HASH32_WGSL : ""}
${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.n) { return; }
  let gi = u.start + i;
  ${loads}
  ${target}[i] = ${expr};
}`,
  };
  programs.set(key, p);
  return p;
}

function run(engine: WebGpuEngine, p: ProgramInfo, operands: Array<[Tensor, Mode]>, out: Tensor | undefined, total: number, cols: number, alpha: number, beta: number, seed: number): void {
  for (const chunk of spans(total, windowElems(engine))) {
    const count = chunk.end - chunk.start;
    const slices = operands.map(([t, mode]) => (mode === "full" ? windowOf(engine.slice(t), chunk) : engine.slice(t)));
    if (out) slices.push(windowOf(engine.slice(out), chunk));
    engine.dispatch(p, slices, [count, cols, chunk.start, alpha, beta, seed], Math.ceil(count / WG));
  }
}

export function webgpuUnary(engine: WebGpuEngine, [x]: readonly Tensor[], attrs: UnaryAttrs): Tensor[] {
  const out = engine.empty(x!.shape);
  const [, cols] = rowsCols(x!.shape);
  const p = program(`u:${attrs.op}`, UNARY[attrs.op]!.wgsl, [["x", "full"]], false);
  run(engine, p, [[x!, "full"]], out, x!.size, cols, attrs.alpha ?? 0, attrs.beta ?? 0, (attrs.seed ?? 0) >>> 0);
  return [out];
}

export function webgpuBinary(engine: WebGpuEngine, [a, b]: readonly Tensor[], attrs: BinaryAttrs): Tensor[] {
  const { shape, modes } = binaryPlan(a!, b!);
  const [rows, cols] = rowsCols(shape);
  const inPlace = attrs.inPlace === true;
  const p = program(`b:${attrs.op}:${modes.join(",")}${inPlace ? ":inplace" : ""}`, BINARY[attrs.op]!.wgsl, [["a", modes[0]], ["b", modes[1]]], inPlace);
  const out = inPlace ? undefined : engine.empty(shape);
  run(engine, p, [[a!, modes[0]], [b!, modes[1]]], out, rows * cols, cols, attrs.alpha ?? 0, 0, 0);
  return out ? [out] : [];
}

export function webgpuCopy(engine: WebGpuEngine, [x]: readonly Tensor[], attrs: { shape: readonly number[] }): Tensor[] {
  const out = engine.empty(attrs.shape, x!.dtype);
  engine.copy(engine.slice(x!), engine.slice(out));
  return [out];
}
