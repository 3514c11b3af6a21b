/**
 * The elementwise kernels on the CPU engine: each (op, operand modes) pair is compiled once into
 * a monomorphic typed-array loop with `new Function`, so the JIT sees straight-line arithmetic
 * instead of a call through a table per element.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { dropoutLoop, reluDropoutGradLoop } from "./cpu-dropout.ts";
import { BINARY, LIB, UNARY } from "./ops.ts";
import { binaryPlan, rowsCols, type BinaryAttrs, type Mode, type UnaryAttrs } from "./validate.ts";

type Loop = (out: Float32Array, a: Float32Array, b: Float32Array, rows: number, cols: number, alpha: number, beta: number, seed: number, lib: typeof LIB) => void;

const loops = new Map<string, Loop>();

function operand(name: string, mode: Mode): string {
  if (mode === "full") return `${name}[i]`;
  if (mode === "row") return `${name}[c]`;
  if (mode === "col") return `${name}[r]`;
  return `${name}0`;
}

/** The compiled loop for an expression over operands `a`/`b` (or `x`) read in their modes. */
function compile(key: string, expr: string, names: string[], modes: Mode[]): Loop {
  let loop = loops.get(key);
  if (loop) return loop;
  const reads = names.map((n, k) => `const ${n} = ${operand(k === 0 ? "A" : "B", modes[k]!)};`).join(" ");
  const body = `
const A0 = A[0], B0 = B[0];
let i = 0;
for (let r = 0; r < rows; r++) {
  for (let c = 0; c < cols; c++, i++) { const gi = i; ${reads} out[i] = ${expr}; }
}`;
  loop = new Function("out", "A", "B", "rows", "cols", "alpha", "beta", "seed", "lib", body) as Loop;
  loops.set(key, loop);
  return loop;
}

/** 32-bit views of an f32 array (bit-level loops below). */
const bits = (a: Float32Array) => new Int32Array(a.buffer, a.byteOffset, a.length);

/**
 * Branch-free loops for the ReLU pair: on random signs `x > 0 ? x : 0` mispredicts half the
 * time (measured ~5 ns an element against ~0.7 ns here). ReLU clears an element whose sign bit is
 * set unless it is NaN (NaN passes, −0 and −∞ become +0); its gradient keeps dy's bits where
 * x > 0 and writes +0 elsewhere — exactly the reference's results.
 */
function reluLoop(out: Float32Array, x: Float32Array): void {
  const xi = bits(x), oi = bits(out);
  for (let i = 0; i < xi.length; i++) {
    const b = xi[i]!;
    oi[i] = b & ~((b >> 31) & (((b & 0x7fffffff) - 0x7f800001) >> 31));
  }
}
function reluGradLoop(out: Float32Array, dy: Float32Array, x: Float32Array): void {
  const di = bits(dy), oi = bits(out);
  for (let i = 0; i < di.length; i++) oi[i] = di[i]! & -+(x[i]! > 0);
}

export function cpuUnary(engine: CpuEngine, [x]: readonly Tensor[], attrs: UnaryAttrs): Tensor[] {
  const out = engine.empty(x!.shape);
  if (attrs.op === "relu") {
    reluLoop(engine.f32(out), engine.f32(x!));
    return [out];
  }
  if (attrs.op === "dropout" || attrs.op === "reluDropout") {
    dropoutLoop(engine.f32(out), engine.f32(x!), attrs.alpha ?? 0, attrs.beta ?? 0, attrs.seed ?? 0, attrs.op === "reluDropout");
    return [out];
  }
  const [rows, cols] = rowsCols(x!.shape);
  const loop = compile(`u:${attrs.op}`, UNARY[attrs.op]!.js, ["x"], ["full"]);
  const src = engine.f32(x!);
  loop(engine.f32(out), src, src, rows, cols, attrs.alpha ?? 0, attrs.beta ?? 0, (attrs.seed ?? 0) >>> 0, LIB);
  return [out];
}

export function cpuBinary(engine: CpuEngine, [a, b]: readonly Tensor[], attrs: BinaryAttrs): Tensor[] {
  const { shape, modes } = binaryPlan(a!, b!);
  const [rows, cols] = rowsCols(shape);
  const loop = compile(`b:${attrs.op}:${modes.join(",")}`, BINARY[attrs.op]!.js, ["a", "b"], modes);
  const out = attrs.inPlace ? a! : engine.empty(shape);
  if (attrs.op === "reluGrad" && modes[0] === "full" && modes[1] === "full") {
    reluGradLoop(engine.f32(out), engine.f32(a!), engine.f32(b!));
    return attrs.inPlace ? [] : [out];
  }
  if (attrs.op === "reluDropoutGrad" && modes[0] === "full" && modes[1] === "full") {
    reluDropoutGradLoop(engine.f32(out), engine.f32(a!), engine.f32(b!), attrs.alpha ?? 0);
    return attrs.inPlace ? [] : [out];
  }
  loop(engine.f32(out), engine.f32(a!), engine.f32(b!), rows, cols, attrs.alpha ?? 0, 0, 0, LIB);
  return attrs.inPlace ? [] : [out];
}

export function cpuCopy(engine: CpuEngine, [x]: readonly Tensor[], attrs: { shape: readonly number[] }): Tensor[] {
  const out = engine.empty(attrs.shape, x!.dtype);
  (engine.data(out) as Float32Array).set(engine.data(x!) as Float32Array);
  return [out];
}
