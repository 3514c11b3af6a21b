/**
 * The open kernel registry: kernel name × engine kind → implementation, as tfjs's
 * `registerKernel`. A kernel family (a folder under src/kernels/) registers its CPU, WebGPU and
 * reference implementations with one `defineKernel` call, sharing one input check; packages
 * outside core-gpu register their own kernels the same way.
 */
import type { Backend } from "../types.ts";
import { shapeText, type EngineKind, type Tensor, type TensorEngine } from "./tensor.ts";

/** One implementation: reads `inputs`, returns new output tensors (or [] for in-place kernels). */
export type KernelFn<A = Record<string, unknown>, E extends TensorEngine = any> = (engine: E, inputs: readonly Tensor[], attrs: A) => Tensor[];

export interface KernelSpec<A = Record<string, unknown>> {
  /** Unique kernel name, e.g. "Matmul" or "gbdt.Histogram" for a plugin's own. */
  name: string;
  /** Checks shapes, dtypes and attributes before any implementation runs; throws naming the kernel. */
  validate?: (inputs: readonly Tensor[], attrs: A) => void;
  cpu?: KernelFn<A>;
  webgpu?: KernelFn<A>;
  reference?: KernelFn<A>;
}

interface Entry {
  validate?: (inputs: readonly Tensor[], attrs: any) => void;
  impls: Partial<Record<EngineKind, KernelFn<any>>>;
}

const kernels = new Map<string, Entry>();

/**
 * Registers a kernel family's implementations under `spec.name`. Registering an engine kind
 * that is already registered for that name throws (names are global: prefix a plugin's own).
 * @example
 * defineKernel({ name: "Square", validate: checkF32, cpu: (e, [x]) => [...], webgpu: ..., reference: ... });
 */
export function defineKernel<A>(spec: KernelSpec<A>): void {
  const entry = kernels.get(spec.name) ?? { impls: {} };
  for (const kind of ["cpu", "webgpu", "reference"] as const) {
    const fn = spec[kind];
    if (!fn) continue;
    if (entry.impls[kind]) throw new Error(`defineKernel: "${spec.name}" already has a ${kind} implementation`);
    entry.impls[kind] = fn;
  }
  if (spec.validate) entry.validate = spec.validate;
  kernels.set(spec.name, entry);
}

/**
 * Registers one implementation of `name` for one engine kind (tfjs's registerKernel).
 * @example
 * registerKernel("gbdt.Histogram", "cpu", histogramCpu);
 */
export function registerKernel<A>(name: string, kind: EngineKind, run: KernelFn<A>): void {
  defineKernel<A>({ name, [kind]: run });
}

/** True when `name` has an implementation for `kind`. */
export function hasKernel(name: string, kind: EngineKind): boolean {
  return kernels.get(name)?.impls[kind] !== undefined;
}

/** Every registered kernel name with the engine kinds it has, sorted by name. */
export function listKernels(): Array<{ name: string; kinds: EngineKind[] }> {
  return [...kernels.entries()]
    .map(([name, e]) => ({ name, kinds: (Object.keys(e.impls) as EngineKind[]).sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs kernel `name` on the engine its inputs live on (or `engine` when it has no tensor
 * inputs), after the family's input check. Inputs on different engines, disposed inputs and a
 * kernel missing for the engine are errors naming the kernel.
 * @example
 * const [y] = runKernel("Unary", [x], { op: "relu" });
 */
export function runKernel<A>(name: string, inputs: readonly Tensor[], attrs: A, engine?: TensorEngine): Tensor[] {
  const entry = kernels.get(name);
  if (!entry) throw new Error(`kernel "${name}" is not registered (import its family, or defineKernel it)`);
  const target = engine ?? inputs[0]?.engine;
  if (!target) throw new Error(`${name}: no input tensors and no engine given`);
  inputs.forEach((t, i) => {
    t.assertLive(name);
    if (t.engine !== target) {
      throw new Error(`${name}: input ${i} ${shapeText(t.shape)} lives on ${t.engine.kind}, the others on ${target.kind} (move it with engine.fromHost(await t.read(), t.shape))`);
    }
  });
  const impl = entry.impls[target.kind];
  if (!impl) throw new Error(`kernel "${name}" has no ${target.kind} implementation (it has: ${Object.keys(entry.impls).join(", ") || "none"})`);
  entry.validate?.(inputs, attrs);
  if (!observer) return impl(target, inputs, attrs);
  const t0 = performance.now();
  const out = impl(target, inputs, attrs);
  observer(name, performance.now() - t0);
  return out;
}

let observer: ((kernel: string, ms: number) => void) | undefined;

/**
 * Calls `fn` after every kernel with its name and the milliseconds its implementation took (on
 * the CPU engines the work itself; on WebGPU the recording only). Pass undefined to stop.
 * @example
 * const ms = new Map<string, number>(); observeKernels((k, t) => ms.set(k, (ms.get(k) ?? 0) + t));
 */
export function observeKernels(fn: ((kernel: string, ms: number) => void) | undefined): void {
  observer = fn;
}

/** A one-shot kernel over host arrays (co-occurrence, Swing): async, picked by the Backend's name. */
export type HostKernelFn<Args extends unknown[], R> = (backend: Backend, ...args: Args) => Promise<R>;

const hostKernels = new Map<string, Partial<Record<Backend["name"], HostKernelFn<any[], unknown>>>>();

/**
 * Registers a host-array kernel for one backend name.
 * @example
 * registerHostKernel("SwingTopN", "cpu", (backend, x, o) => cpuSwingTopN(x, o));
 */
export function registerHostKernel<Args extends unknown[], R>(name: string, backend: Backend["name"], run: HostKernelFn<Args, R>): void {
  const entry = hostKernels.get(name) ?? {};
  if (entry[backend]) throw new Error(`registerHostKernel: "${name}" already has a ${backend} implementation`);
  entry[backend] = run as HostKernelFn<any[], unknown>;
  hostKernels.set(name, entry);
}

/**
 * Runs host kernel `name` with the implementation registered for `backend.name`.
 * @example
 * const nb = await runHostKernel<TopK>("SwingTopN", backend, x, options);
 */
export function runHostKernel<R>(name: string, backend: Backend, ...args: unknown[]): Promise<R> {
  const impl = hostKernels.get(name)?.[backend.name];
  if (!impl) return Promise.reject(new Error(`host kernel "${name}" has no ${backend.name} implementation`));
  return impl(backend, ...args) as Promise<R>;
}
