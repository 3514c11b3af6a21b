import { describe, expect, test } from "bun:test";
import { GpuError } from "./errors.ts";

describe("GpuError", () => {
  test("names the kernel and kind in its message and fields, keeping the cause", () => {
    const cause = new Error("mapAsync aborted");
    const e = new GpuError("topK", "device-lost", "destroyed", { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("GpuError");
    expect(e.kernel).toBe("topK");
    expect(e.kind).toBe("device-lost");
    expect(e.message).toBe('webgpu kernel "topK": device-lost: destroyed');
    expect(e.cause).toBe(cause);
  });
});
