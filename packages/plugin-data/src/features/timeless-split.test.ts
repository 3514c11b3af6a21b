import { describe, expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { featuresOptions } from "./options.ts";
import { generateFeatures } from "./stage.ts";
import { timelessSplitWarning } from "./timeless-split.ts";

describe("time-based splits of data without times", () => {
  test("leave-last and time warn when every timestamp is equal; ratio and timed data do not", () => {
    expect(timelessSplitWarning(new Int32Array(4), "leave-last")).toContain("leave-last holds out each user's highest item ids");
    expect(timelessSplitWarning(new Int32Array(4).fill(7), "time")).toContain("every interaction has the same timestamp (7)");
    expect(timelessSplitWarning(new Int32Array(4), "ratio")).toBeUndefined();
    expect(timelessSplitWarning(Int32Array.of(1, 2), "leave-last")).toBeUndefined();
  });

  test("data.features logs the warning", () => {
    const i32 = (a: number[]) => new Int32Array(a);
    const interactions = table({ user: i32([1, 1, 2, 2]), item: i32([5, 6, 5, 7]), rating: new Float32Array(4).fill(1), timestamp: i32([0, 0, 0, 0]) });
    const logs: string[] = [];
    generateFeatures(interactions, undefined, undefined, featuresOptions.parse({}), 1, (m) => logs.push(m));
    expect(logs.join("\n")).toContain("warning: every interaction has the same timestamp (0)");
  });
});
