import { expect, test } from "bun:test";
import { createCpuBackend } from "./backend.ts";

test("names itself, computes, and refuses use after dispose", async () => {
  const b = await createCpuBackend({ threads: 1, blas: "mlas" });
  expect(b.name).toBe("cpu");
  expect(b.adapter).toBe("CPU: onnxruntime MLAS, 1 thread");
  expect([...(await b.matmul(new Float32Array([1, 2]), new Float32Array([3, 4]), { m: 1, n: 1, k: 2 }))]).toEqual([11]);
  await b.dispose();
  await b.dispose(); // idempotent
  await expect(b.topK(new Float32Array(1), 1, 1, 1)).rejects.toThrow(/after dispose/);
});
