import { expect, test } from "bun:test";
import { reportThroughput } from "./throughput.ts";

test("records rows and rows per second and logs both", () => {
  const metrics: Record<string, number> = {};
  const logs: string[] = [];
  const rate = reportThroughput({ log: (m) => logs.push(m), metrics: { record: (k, v) => void (metrics[k] = v) } }, "redis", 3000, 1500, "3 keys");
  expect(rate).toBe(2000);
  expect(metrics).toEqual({ rows: 3000, rows_per_s: 2000 });
  expect(logs[0]).toBe("wrote 3,000 rows to redis (3 keys) in 1.50 s: 2,000 rows/s");
});
