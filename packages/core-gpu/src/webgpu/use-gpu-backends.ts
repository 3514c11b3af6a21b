/**
 * The WebGPU backends a test file shares, created once before its tests and disposed after them:
 * what every WebGPU test file used to write out by hand (a `let` per backend, `beforeAll` with
 * the long GPU timeout, `afterAll` disposing each).
 */
import { afterAll, beforeAll } from "bun:test";
import { createWebGpuBackend, type WebGpuBackend } from "./backend.ts";
import type { RuntimeOptions } from "./runtime.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

/**
 * One backend per named entry, with those options; outputs are poisoned with NaN unless an entry
 * says `poisonOutputs: false`, so a slot a kernel forgets to write shows. Call it once at the top
 * level of a test file and read the backends inside tests or hooks (reading one earlier throws).
 * @example
 * const gpus = useGpuBackends({ gpu: {}, split: { maxBindingBytes: 512, maxWorkgroupsPerDim: 3 } });
 * test("top-K splits rows", async () => expect(await gpus.split.topK(x, 5)).toEqual(await gpus.gpu.topK(x, 5)));
 */
export function useGpuBackends<K extends string>(specs: Record<K, RuntimeOptions>): { readonly [name in K]: WebGpuBackend } {
  const made = new Map<string, WebGpuBackend>();
  beforeAll(async () => {
    for (const [name, options] of Object.entries<RuntimeOptions>(specs)) made.set(name, await createWebGpuBackend({ poisonOutputs: true, ...options }));
  }, GPU_TEST_TIMEOUT);
  afterAll(async () => {
    for (const backend of made.values()) await backend.dispose();
    made.clear();
  });
  const backends = {} as { [name in K]: WebGpuBackend };
  for (const name of Object.keys(specs)) {
    Object.defineProperty(backends, name, {
      enumerable: true,
      get: () => {
        const backend = made.get(name);
        if (!backend) throw new Error(`useGpuBackends: backend "${name}" was read before beforeAll created it (or after afterAll disposed it); read it inside a test or hook`);
        return backend;
      },
    });
  }
  return backends;
}
