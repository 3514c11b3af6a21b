// demo.Axpy: out = alpha·x + y over two f32 tensors of one shape, registered from outside core-gpu.
import { defineKernel, runKernel, sameShape, shapeText, type CpuEngine, type Tensor, type TensorEngine } from "@shortlist/core-gpu";
import { linearEntry, threadIndex, type ProgramInfo, type WebGpuEngine } from "@shortlist/core-gpu/webgpu";

export interface AxpyAttrs {
  alpha: number;
}

/** Shared input check: runs before any implementation, on every engine. */
function validate(inputs: readonly Tensor[], attrs: AxpyAttrs): void {
  const [x, y] = inputs;
  if (inputs.length !== 2 || !x || !y) throw new RangeError(`demo.Axpy: found ${inputs.length} inputs, expected 2 (x, y)`);
  if (x.dtype !== "f32" || y.dtype !== "f32") throw new RangeError(`demo.Axpy: x ${shapeText(x.shape)} is ${x.dtype} and y ${shapeText(y.shape)} is ${y.dtype}, expected f32`);
  if (!sameShape(x.shape, y.shape)) throw new RangeError(`demo.Axpy: x ${shapeText(x.shape)} and y ${shapeText(y.shape)} differ`);
  if (!Number.isFinite(attrs.alpha)) throw new RangeError(`demo.Axpy: alpha ${attrs.alpha} is not a finite number`);
}

/** The yardstick: plain loops (f64 storage on the f64 reference engine). */
function reference(engine: CpuEngine, [x, y]: readonly Tensor[], { alpha }: AxpyAttrs): Tensor[] {
  const out = engine.empty(x!.shape);
  const [a, b, o] = [engine.data(x!), engine.data(y!), engine.data(out)];
  for (let i = 0; i < o.length; i++) o[i] = alpha * a[i]! + b[i]!;
  return [out];
}

/** The CPU fast path over Float32Array. */
function cpu(engine: CpuEngine, [x, y]: readonly Tensor[], { alpha }: AxpyAttrs): Tensor[] {
  const out = engine.empty(x!.shape);
  const [a, b, o] = [engine.f32(x!), engine.f32(y!), engine.f32(out)];
  for (let i = 0; i < o.length; i++) o[i] = alpha * a[i]! + b[i]!;
  return [out];
}

/** Shapes and alpha travel in uniforms, so one compiled pipeline serves every call. */
const program: ProgramInfo = {
  name: "demo.Axpy",
  cacheKey: "",
  bindings: [
    { name: "x", type: "array<f32>", access: "read" },
    { name: "y", type: "array<f32>", access: "read" },
    { name: "o", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"], ["alpha", "f32"]],
  body: () => `${linearEntry(64)} {
  let i = ${threadIndex(64)};
  if (i < u.count) { o[i] = u.alpha * x[i] + y[i]; }
}`,
};

/** WebGPU: records one dispatch; reading the result is the caller's `await out.read()`. */
function webgpu(engine: WebGpuEngine, [x, y]: readonly Tensor[], { alpha }: AxpyAttrs): Tensor[] {
  if (4 * x!.size > engine.maxBindingBytes) throw new RangeError(`demo.Axpy: x ${shapeText(x!.shape)} exceeds one ${engine.maxBindingBytes}-byte binding`);
  const out = engine.empty(x!.shape);
  engine.dispatch(program, [engine.slice(x!), engine.slice(y!), engine.slice(out)], [x!.size, alpha], Math.ceil(x!.size / 64));
  return [out];
}

defineKernel<AxpyAttrs>({ name: "demo.Axpy", validate, reference, cpu, webgpu });

/** Runs it on any engine: [12, 24, 36]. */
export async function axpyDemo(engine: TensorEngine): Promise<number[]> {
  const x = engine.fromHost(new Float32Array([1, 2, 3]), [3]);
  const y = engine.fromHost(new Float32Array([10, 20, 30]), [3]);
  const [out] = runKernel<AxpyAttrs>("demo.Axpy", [x, y], { alpha: 2 });
  return Array.from(await out!.read());
}
