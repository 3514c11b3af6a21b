import { describe, expect, test } from "bun:test";
import type { Artifact, Table } from "@shortlist/runner";
import { decodeArtifact, encodeArtifact } from "@shortlist/runner/host";
import { randomInteractions, runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";
import { sameButNeighbours } from "@shortlist/runner/recsys";
import { itemcfOptions, itemcfStage } from "./stage.ts";

const derive = itemcfStage.derive!;

const run = async (train: Table, options: Record<string, unknown>) => (await runStage(plugin, "recall.itemcf", { inputs: { "split.train": train }, options })).outputs["i2i.itemcf"] as Artifact;

describe("recall.itemcf derive", () => {
  test("a cut top-N table is byte-identical to the top-n run, ties included, through the parquet cache", async () => {
    for (const [seed, similarity, activityExponent] of [[1, "cosine", 0], [2, "jaccard", 1], [3, "asymmetric", 2]] as const) {
      const train = randomInteractions(seed, 60, 25);
      const wide = itemcfOptions.parse({ similarity, activityExponent, neighbours: 30 });
      const cached = await decodeArtifact("table", encodeArtifact(await run(train, wide)), "i2i.itemcf.parquet");
      for (const n of [1, 3, 7, 30]) {
        const narrow = itemcfOptions.parse({ similarity, activityExponent, neighbours: n });
        expect(derive.covers(wide, narrow)).toBe(true);
        const derived = derive.derive({ "i2i.itemcf": cached }, wide, narrow)["i2i.itemcf"]!;
        expect(Buffer.from(encodeArtifact(derived)).equals(Buffer.from(encodeArtifact(await run(train, narrow))))).toBe(true);
      }
    }
  });

  test("covers only fewer-or-equal neighbours with every other option equal", () => {
    const a = itemcfOptions.parse({ neighbours: 50 });
    expect(derive.covers(a, { ...a, neighbours: 20 })).toBe(true);
    expect(derive.covers({ ...a, neighbours: 20 }, a)).toBe(false);
    const other = { ...a, neighbours: 20, activityExponent: 2 };
    expect(derive.covers(a, other)).toBe(false);
    expect(derive.covers(a, { ...a, output: "i2i.other" })).toBe(false);
    expect(sameButNeighbours({ x: [1, 2], neighbours: 1 }, { x: [1, 2], neighbours: 9 })).toBe(true);
    expect(sameButNeighbours({ x: 1, neighbours: 1 }, { x: 1, y: 2, neighbours: 1 })).toBe(false);
  });
});
