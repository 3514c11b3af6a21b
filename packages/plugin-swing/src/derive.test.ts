import { describe, expect, test } from "bun:test";
import type { Artifact, Table } from "@shortlist/runner";
import { decodeArtifact, encodeArtifact } from "@shortlist/runner/host";
import { randomInteractions, runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";
import { swingOptions, swingStage } from "./stage.ts";

const run = async (train: Table, options: Record<string, unknown>) => (await runStage(plugin, "recall.swing", { inputs: { "split.train": train }, options, seed: 3 })).outputs["i2i.swing"] as Artifact;

describe("recall.swing derive", () => {
  test("a cut top-N table is byte-identical to the top-n run, with user sampling, through the parquet cache", async () => {
    for (const [seed, extra] of [[1, {}], [2, { maxUsersPerItem: 5, popularityExponent: 1.2 }]] as const) {
      const train = randomInteractions(seed, 50, 20, 2);
      const wide = swingOptions.parse({ ...extra, neighbours: 25 });
      const cached = await decodeArtifact("table", encodeArtifact(await run(train, wide)), "i2i.swing.parquet");
      for (const n of [1, 4, 25]) {
        const narrow = swingOptions.parse({ ...extra, neighbours: n });
        expect(swingStage.derive!.covers(wide, narrow)).toBe(true);
        expect(swingStage.derive!.covers(narrow, wide)).toBe(n === 25);
        const derived = swingStage.derive!.derive({ "i2i.swing": cached }, wide, narrow)["i2i.swing"]!;
        expect(Buffer.from(encodeArtifact(derived)).equals(Buffer.from(encodeArtifact(await run(train, narrow))))).toBe(true);
      }
    }
  });
});
