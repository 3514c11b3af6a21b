import { describe, expect, test } from "bun:test";
import { InputError } from "@shortlist/runner";
import { BadRows } from "./bad-rows.ts";

describe("BadRows", () => {
  test("fail: throws an InputError naming file, line and text", () => {
    const bad = new BadRows("fail");
    let err: unknown;
    try {
      bad.report("ratings.dat", 17, "1::x::5::0", 'rating "x" is not a number');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain("ratings.dat:17: rating \"x\" is not a number");
    expect((err as Error).message).toContain("17 | 1::x::5::0");
  });

  test("skip: counts, logs the first and records the metric", () => {
    const bad = new BadRows("skip");
    bad.report("a.csv", 3, "x", "wrong field count");
    bad.report("a.csv", 9, "y", "wrong field count");
    const logs: string[] = [];
    const metrics: Record<string, number> = {};
    bad.finish({ log: (m) => logs.push(m), metrics: { record: (k, v) => (metrics[k] = v) } });
    expect(metrics.skipped_rows).toBe(2);
    expect(logs[0]).toBe("skipped 2 malformed lines (first: a.csv:3: wrong field count)");
  });
});
