import { describe, expect, test } from "bun:test";
import { processGpu } from "./gpu.ts";

describe("processGpu", () => {
  test("returns one GPU object for the whole process and installs the WebGPU globals", () => {
    const gpu = processGpu();
    expect(processGpu()).toBe(gpu);
    expect(typeof GPUBufferUsage.STORAGE).toBe("number");
    expect(typeof gpu.requestAdapter).toBe("function");
  });
});
