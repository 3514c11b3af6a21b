import { describe, expect, test } from "bun:test";
import type { TopK } from "../types.ts";
import { topListsDiffer } from "./testing.ts";

const top = (ids: number[], scores: number[]): TopK => ({ rows: 1, k: ids.length, ids: Int32Array.from(ids), scores: Float32Array.from(scores) });

describe("topListsDiffer", () => {
  test("agrees on equal lists and on ties reordered or swapped at the cut", () => {
    expect(topListsDiffer(top([1, 2, 3], [3, 2, 2]), top([1, 2, 3], [3, 2, 2]), 1e-5)).toEqual([]);
    expect(topListsDiffer(top([1, 3, 2], [3, 2, 2]), top([1, 2, 3], [3, 2, 2.000001]), 1e-5)).toEqual([]);
    expect(topListsDiffer(top([1, 2], [3, 2]), top([1, 4], [3, 2]), 1e-5)).toEqual([]);
  });

  test("reports a different neighbour, a different score and a missing entry", () => {
    expect(topListsDiffer(top([1, 2], [3, 2]), top([1, 4], [3, 1]), 1e-5).length).toBeGreaterThan(0);
    expect(topListsDiffer(top([1, 2], [3, 2]), top([1, 2], [3, 2.1]), 1e-5)).toEqual(["row 0 rank 1: score 2 vs 2.0999999046325684", "row 0: id 2 score 2 vs 2.0999999046325684"]);
    expect(topListsDiffer(top([1, 2], [3, 2]), top([1, -1], [3, -Infinity]), 1e-5)[0]).toBe("row 0: 2 vs 1 neighbours");
  });
});
