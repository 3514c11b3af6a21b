/**
 * Backend selection. `auto` picks webgpu only on a hardware adapter: on a software one
 * (lavapipe, SwiftShader) WGSL runs ~10× slower than MLAS, so the CPU backend wins there.
 * SHORTLIST_BACKEND=webgpu|cpu overrides `auto`; an explicit choice overrides both. The webgpu
 * module is imported lazily, so the cpu path never loads dawn.node.
 */
import type { Backend, BackendChoice } from "./types.ts";
import { createCpuBackend, type CpuBackendOptions } from "./cpu/backend.ts";

/** Options of createBackend. */
export interface CreateBackendOptions {
  /** Options passed to the CPU backend when it is chosen. */
  cpu?: CpuBackendOptions;
  /** Aborts WebGPU device acquisition. */
  signal?: AbortSignal;
  /** Where the one-per-process choice line goes (default: stderr). */
  log?: (line: string) => void;
  /** Environment to read SHORTLIST_BACKEND from (default: process.env). */
  env?: Record<string, string | undefined>;
}

/** A resolved choice and why it was made. */
export interface Resolved {
  backend: "cpu" | "webgpu";
  reason: string;
}

/**
 * Resolves a choice without creating anything; `hardwareGpu` is asked only when needed.
 * @example
 * await resolveChoice("auto", {}, async () => false); // { backend: "cpu", reason: "auto: no hardware GPU adapter" }
 */
export async function resolveChoice(
  choice: BackendChoice, env: Record<string, string | undefined>, hardwareGpu: () => Promise<boolean>,
): Promise<Resolved> {
  if (choice === "cpu" || choice === "webgpu") return { backend: choice, reason: "requested" };
  if (choice !== "auto") {
    throw new RangeError(`core-gpu backend: found "${String(choice)}", expected "auto", "cpu" or "webgpu"`);
  }
  const fromEnv = env.SHORTLIST_BACKEND?.trim();
  if (fromEnv) {
    if (fromEnv !== "cpu" && fromEnv !== "webgpu") {
      throw new RangeError(`SHORTLIST_BACKEND: found "${fromEnv}", expected "cpu" or "webgpu" (or unset it for auto)`);
    }
    return { backend: fromEnv, reason: "SHORTLIST_BACKEND" };
  }
  return (await hardwareGpu())
    ? { backend: "webgpu", reason: "auto: hardware GPU adapter" }
    : { backend: "cpu", reason: "auto: no hardware GPU adapter" };
}

async function hardwareGpu(): Promise<boolean> {
  try {
    const { hasHardwareAdapter } = await import("./webgpu/adapter.ts");
    return await hasHardwareAdapter();
  } catch {
    return false; // dawn.node missing or unloadable: there is no usable GPU
  }
}

async function createWebGpu(signal?: AbortSignal): Promise<Backend> {
  let mod: typeof import("./webgpu/backend.ts");
  try {
    mod = await import("./webgpu/backend.ts");
  } catch (err) {
    throw new Error(`core-gpu: the webgpu backend could not be loaded (${err instanceof Error ? err.message : String(err)}); use backend "cpu"`);
  }
  return mod.createWebGpuBackend({ signal });
}

const reasons = new WeakMap<Backend, string>();
let logged = false;

/** Test hook: lets the next createBackend log again (the log is once per process otherwise). */
export function forgetLoggedChoice(): void {
  logged = false;
}

/**
 * One line naming a backend, its adapter and why it was chosen.
 * @example
 * describe(await createBackend()); // "core-gpu backend cpu: CPU: onnxruntime MLAS, 2 threads (auto: no hardware GPU adapter)"
 */
export function describe(b: Backend): string {
  const why = reasons.get(b);
  return `core-gpu backend ${b.name}: ${b.adapter}${why ? ` (${why})` : ""}`;
}

/**
 * Creates the backend for a choice, logging the first choice of the process.
 * @example
 * const gpu = await createBackend(); // webgpu on a hardware GPU, else cpu
 * const cpu = await createBackend("cpu");
 */
export async function createBackend(choice: BackendChoice = "auto", opts: CreateBackendOptions = {}): Promise<Backend> {
  const resolved = await resolveChoice(choice, opts.env ?? process.env, hardwareGpu);
  const backend = resolved.backend === "webgpu" ? await createWebGpu(opts.signal) : await createCpuBackend(opts.cpu);
  reasons.set(backend, resolved.reason);
  if (!logged) {
    logged = true;
    (opts.log ?? ((line: string) => console.error(line)))(describe(backend));
  }
  return backend;
}
