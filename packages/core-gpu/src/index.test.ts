import { expect, test } from "bun:test";
import * as core from "./index.ts";

test("the package entry exports the factories and the reference", async () => {
  expect(typeof core.createBackend).toBe("function");
  expect(core.describeBackend).toBe(core.describe);
  const ref = core.referenceBackend();
  expect([...(await ref.matmul(new Float32Array([2]), new Float32Array([3]), { m: 1, n: 1, k: 1 }))]).toEqual([6]);
  const cpu = await core.createCpuBackend({ threads: 1, blas: "mlas" });
  expect(cpu.name).toBe("cpu");
  await cpu.dispose();
});
