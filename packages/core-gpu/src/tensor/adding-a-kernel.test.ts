/** The README's "Adding a kernel" example is adding-a-kernel.example.ts, verbatim, and it runs on every engine. */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCpuEngine, createReferenceEngine, hasKernel, runKernel } from "@shortlist/core-gpu";
import { createWebGpuEngine } from "@shortlist/core-gpu/webgpu";
import { axpyDemo, type AxpyAttrs } from "./adding-a-kernel.example.ts";

const readme = readFileSync(join(import.meta.dir, "../../README.md"), "utf8");

test("the README's kernel example is adding-a-kernel.example.ts", () => {
  const m = /<!-- kernel-example:start -->\n```ts\n([\s\S]*?)```\n<!-- kernel-example:end -->/.exec(readme);
  expect(m).not.toBeNull();
  expect(m![1]).toBe(readFileSync(join(import.meta.dir, "adding-a-kernel.example.ts"), "utf8"));
});

test("demo.Axpy registers cpu, webgpu and reference, and runs on the CPU and reference engines", async () => {
  expect(["cpu", "webgpu", "reference"].every((k) => hasKernel("demo.Axpy", k as "cpu"))).toBe(true);
  expect(await axpyDemo(createCpuEngine())).toEqual([12, 24, 36]);
  expect(await axpyDemo(createReferenceEngine({ precision: "f64" }))).toEqual([12, 24, 36]);
  const cpu = createCpuEngine();
  expect(() => runKernel<AxpyAttrs>("demo.Axpy", [cpu.zeros([2, 3]), cpu.zeros([3, 2])], { alpha: 1 })).toThrow("demo.Axpy: x [2, 3] and y [3, 2] differ");
});

test("demo.Axpy runs on WebGPU, off the workgroup size, like the CPU engine", async () => {
  let gpu;
  try {
    gpu = await createWebGpuEngine({ poison: true });
  } catch (e) {
    return void console.warn(`skipped (no WebGPU adapter): ${e instanceof Error ? e.message : e}`);
  }
  try {
    expect(await axpyDemo(gpu)).toEqual([12, 24, 36]);
    const n = 130;
    const x = Float32Array.from({ length: n }, (_, i) => i / 7);
    const y = Float32Array.from({ length: n }, (_, i) => 1 - i);
    const [got] = runKernel<AxpyAttrs>("demo.Axpy", [gpu.fromHost(x, [n]), gpu.fromHost(y, [n])], { alpha: -0.5 });
    const cpu = createCpuEngine();
    const [want] = runKernel<AxpyAttrs>("demo.Axpy", [cpu.fromHost(x, [n]), cpu.fromHost(y, [n])], { alpha: -0.5 });
    const [g, w] = [await got!.read(), await want!.read()];
    // The GPU may fuse alpha·x + y into one rounding (fma); the CPU rounds once from f64.
    for (let i = 0; i < n; i++) expect(Math.abs(g[i]! - w[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w[i]!)));
  } finally {
    await gpu.dispose();
  }
});
