import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlannedStage } from "@shortlist/runner/host";
import { sharedStages, whenRecorded } from "./shared-stages.ts";

const plugin = { name: "p", version: "1" };
/** data → features → itemcf(neighbours) → recs → eval, and a sink reading the features. */
const plan = (neighbours: number, k = 10) =>
  [
    { config: { id: "data", use: "data.x" }, def: { kind: "source" }, plugin, options: { path: "a" }, inputs: new Map(), outputs: new Map([["raw", "raw"]]) },
    { config: { id: "features", use: "data.f" }, def: { kind: "transform" }, plugin, options: {}, inputs: new Map([["raw", "raw"]]), outputs: new Map([["split", "split"]]) },
    { config: { id: "sink", use: "sink.x" }, def: { kind: "sink" }, plugin, options: {}, inputs: new Map([["split", "split"]]), outputs: new Map() },
    { config: { id: "itemcf", use: "recall.itemcf" }, def: { kind: "recall" }, plugin, options: { neighbours }, inputs: new Map([["split", "split"]]), outputs: new Map([["i2i", "i2i"]]) },
    { config: { id: "recs", use: "recall.recs" }, def: { kind: "recall" }, plugin, options: { k }, inputs: new Map([["i2i", "i2i"]]), outputs: new Map([["recs", "recs"]]) },
  ] as unknown as PlannedStage[];

describe("sharedStages", () => {
  test("the stages with the same options in every plan, fed only by such stages; sinks never", () => {
    expect(sharedStages(plan(20), [plan(100), plan(200)])).toEqual(["data", "features"]);
    // a stage downstream of a varied one is not shared even with its own options unchanged
    expect(sharedStages(plan(20, 5), [plan(100, 5)])).toEqual(["data", "features"]);
    expect(sharedStages(plan(20), [plan(20, 5), plan(20, 7)])).toEqual(["data", "features", "itemcf"]);
    // a plan without the stage, or with other options upstream, shares nothing from there on
    const other = plan(20).map((s) => (s.config.id === "data" ? ({ ...s, options: { path: "b" } } as PlannedStage) : s));
    expect(sharedStages(plan(20), [other])).toEqual([]);
    expect(sharedStages(plan(20), [plan(20).filter((s) => s.config.id !== "features")])).toEqual(["data"]);
  });
});

describe("whenRecorded", () => {
  test("resolves once the manifest records every stage, or when the run ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shared-stages-"));
    try {
      const manifest = (ids: string[]) => writeFileSync(join(dir, "manifest.json"), JSON.stringify({ pipeline: "p", version: "1", stages: Object.fromEntries(ids.map((id) => [id, { fingerprint: id }])) }));
      let resolved = false;
      const wait = whenRecorded(dir, ["data", "features"], new Promise(() => {}), 2).then(() => void (resolved = true));
      await Bun.sleep(10);
      expect(resolved).toBe(false); // no manifest yet
      manifest(["data"]);
      await Bun.sleep(10);
      expect(resolved).toBe(false);
      manifest(["data", "features"]);
      await wait;
      expect(resolved).toBe(true);
      // a run that ends without recording them (a failed trial 0) lets the batch go on
      let ended = () => {};
      const run = new Promise<void>((r) => (ended = r));
      const never = whenRecorded(dir, ["missing"], run, 2);
      ended();
      await never;
      await whenRecorded(dir, [], new Promise(() => {})); // nothing to wait for
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
