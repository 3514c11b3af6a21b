import { expect, test } from "bun:test";
import { createEngine } from "./select-engine.ts";

const never = async () => {
  throw new Error("the adapter must not be probed");
};

test("an explicit cpu choice wins over SHORTLIST_BACKEND and never probes the adapter", async () => {
  const lines: string[] = [];
  const e = await createEngine("cpu", { env: { SHORTLIST_BACKEND: "webgpu" }, hardwareGpu: never, log: (l) => lines.push(l), cpu: { threads: 1 } });
  expect(e.kind).toBe("cpu");
  expect(lines).toEqual([`core-gpu engine cpu: ${e.description} (requested)`]);
  await e.dispose();
});

test("auto follows SHORTLIST_BACKEND, then the hardware probe; a software adapter means cpu", async () => {
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  const a = await createEngine("auto", { env: { SHORTLIST_BACKEND: "cpu" }, hardwareGpu: never, log });
  const b = await createEngine("auto", { env: {}, hardwareGpu: async () => false, log });
  expect([a.kind, b.kind]).toEqual(["cpu", "cpu"]);
  expect(lines[0]).toEndWith("(SHORTLIST_BACKEND)");
  expect(lines[1]).toEndWith("(auto: no hardware GPU adapter)");
  await expect(createEngine("auto", { env: { SHORTLIST_BACKEND: "gpu" } })).rejects.toThrow(/expected "cpu" or "webgpu"/);
  await expect(createEngine("tpu" as never)).rejects.toThrow(RangeError);
  await Promise.all([a.dispose(), b.dispose()]);
});

test("auto on a hardware adapter, or SHORTLIST_BACKEND=webgpu, gives the WebGPU engine", async () => {
  let e;
  try {
    e = await createEngine("auto", { env: {}, hardwareGpu: async () => true });
  } catch (err) {
    return void console.warn(`skipped (no WebGPU adapter): ${err instanceof Error ? err.message : err}`);
  }
  expect(e.kind).toBe("webgpu");
  await e.dispose();
  const f = await createEngine("auto", { env: { SHORTLIST_BACKEND: "webgpu" }, hardwareGpu: never });
  expect(f.kind).toBe("webgpu");
  await f.dispose();
});
