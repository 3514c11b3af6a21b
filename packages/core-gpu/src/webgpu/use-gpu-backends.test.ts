import { expect, test } from "bun:test";
import { useGpuBackends } from "./use-gpu-backends.ts";

const gpus = useGpuBackends({ gpu: {}, small: { maxBindingBytes: 512 }, plain: { poisonOutputs: false } });
// Read at module level, before beforeAll has made them: must say so rather than hand back undefined.
const early = (() => {
  try {
    return String(gpus.gpu);
  } catch (e) {
    return (e as Error).message;
  }
})();

test("one backend per entry, made before the tests with its options, poisoned unless told otherwise", () => {
  expect(early).toMatch(/backend "gpu" was read before beforeAll created it/);
  expect(Object.keys(gpus)).toEqual(["gpu", "small", "plain"]);
  expect(gpus.small.runtime.maxBinding).toBe(512);
  expect(gpus.gpu.runtime.options.poisonOutputs).toBe(true);
  expect(gpus.plain.runtime.options.poisonOutputs).toBe(false);
  expect(gpus.gpu).not.toBe(gpus.small);
});
