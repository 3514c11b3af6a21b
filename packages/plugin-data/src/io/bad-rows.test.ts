import { describe, expect, test } from "bun:test";
import { InputError } from "@shortlist/runner";
import { BadRows } from "./bad-rows.ts";

describe("BadRows", () => {
  test("fail: throws an InputError naming path, line, column and text", () => {
    const bad = new BadRows("fail");
    let err: unknown;
    try {
      bad.report("/data/ml-1m/ratings.dat", 17, "1::x::5::0", "column 3 (rating)", '"x" is not a number');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('/data/ml-1m/ratings.dat:17: column 3 (rating): "x" is not a number');
    expect((err as Error).message).toContain("17 | 1::x::5::0");
  });

  test("fail: the echoed line is escaped and capped, whatever bytes it holds", () => {
    let err: Error | undefined;
    try {
      new BadRows("fail").report("r.dat", 1, "1::\u0000\u001b[2J::\u202e5" + "x".repeat(10_000), "column 2 (item id)", "bad");
    } catch (e) {
      err = e as Error;
    }
    const echoed = err!.message.split("\n")[1]!;
    expect(echoed).toStartWith("  1 | 1::\\x00\\x1b[2J::\\u202e5xxx");
    expect(echoed.length).toBeLessThan(200);
    expect(err!.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });

  test("skip: counts, logs the first and records the metric", () => {
    const bad = new BadRows("skip");
    bad.report("/d/a.csv", 3, "x", "column 2", "missing");
    bad.report("/d/a.csv", 9, "y", "column 2", "missing");
    const logs: string[] = [];
    const metrics: Record<string, number> = {};
    bad.finish({ log: (m) => logs.push(m), metrics: { record: (k, v) => (metrics[k] = v) } });
    expect(metrics.skipped_rows).toBe(2);
    expect(logs[0]).toBe("skipped 2 malformed lines (first: /d/a.csv:3: column 2: missing)");
  });
});
