/** The package entry points: what they export, and that neither loads Dawn (the `webgpu` npm module). */
import { expect, test } from "bun:test";
import * as core from "@shortlist/core-gpu";
import * as gpuApi from "@shortlist/core-gpu/webgpu";

test("the root exports the tensor API and the subpath the WebGPU authoring API", () => {
  for (const name of ["Tensor", "tidy", "keep", "createCpuEngine", "createReferenceEngine", "createEngine", "defineKernel", "registerKernel", "runKernel", "hasKernel", "listKernels", "registerHostKernel", "runHostKernel", "createBackend", "swingTopN"]) {
    expect(typeof (core as Record<string, unknown>)[name]).toBe("function");
  }
  for (const name of ["shaderSource", "linearEntry", "threadIndex", "workgroupIndex", "gridFor", "GpuError", "createWebGpuEngine"]) {
    expect(typeof (gpuApi as Record<string, unknown>)[name]).toBe("function");
  }
});

test("importing the root and ./webgpu loads no WebGPU module; the CPU engine runs without it", async () => {
  // A fresh process: this one may already have loaded Dawn for other tests.
  const script = `
    const core = await import("@shortlist/core-gpu");
    await import("@shortlist/core-gpu/webgpu");
    const e = await core.createEngine("cpu");
    e.fromHost(new Float32Array([1, 2]), [2]);
    console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules\\/webgpu\\/|dawn\\.node|\\/webgpu\\/(gpu|runtime|device|adapter)\\.ts$|webgpu-engine\\.ts$/.test(k))));
    console.log(Object.keys(require.cache).some((k) => k.endsWith("core-gpu/src/index.ts")));`;
  const proc = Bun.spawnSync(["bun", "-e", script], { cwd: import.meta.dir, env: { ...process.env, SHORTLIST_BACKEND: "" } });
  const out = proc.stdout.toString().trim().split("\n");
  expect(proc.exitCode, proc.stderr.toString()).toBe(0);
  expect(out).toEqual(["[]", "true"]);
});
