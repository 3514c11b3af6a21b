import { describe, expect, test } from "bun:test";
import { expectedMs, HARDWARE_THROUGHPUT, sleepForWork, SOFTWARE_THROUGHPUT } from "./settle.ts";

describe("readback wait estimate", () => {
  test("adds compute and transfer time at the given rates", () => {
    expect(expectedMs({ flops: 8e6, bytes: 1.5e6 }, SOFTWARE_THROUGHPUT)).toBeCloseTo(2, 10);
    expect(expectedMs({}, SOFTWARE_THROUGHPUT)).toBe(0);
  });

  test("a hardware adapter expects no wait", async () => {
    expect(expectedMs({ flops: 1e12, bytes: 1e9 }, HARDWARE_THROUGHPUT)).toBe(0);
    await sleepForWork({ flops: 1e12 }, HARDWARE_THROUGHPUT); // resolves without sleeping
  });
});
