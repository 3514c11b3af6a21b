import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fingerprint, type PlannedStage, type StageRecord } from "@shortlist/runner/host";
import { neighboursDerive } from "@shortlist/runner/recsys";
import { coveringRecords } from "./derive.ts";

const plugin = { name: "@shortlist/plugin-itemcf", version: "0.1.0" };
const stage = (neighbours: number) => ({ config: { id: "recall.itemcf", use: "recall.itemcf" }, plugin, def: { kind: "recall", derive: neighboursDerive }, options: { neighbours, alpha: 1, output: "i2i.itemcf" }, outputs: new Map([["i2i.itemcf", "i2i.itemcf"]]) }) as unknown as PlannedStage;
const INPUTS = { "split.train": "aa" };

/** Writes a cache record (and its object file unless `missing`) for stage options at a seed. */
function cached(dir: string, neighbours: number, o: { seed?: number; inputs?: Record<string, string>; missing?: boolean; bytes?: number } = {}): StageRecord {
  const options = { neighbours, alpha: 1, output: "i2i.itemcf" };
  const inputs = o.inputs ?? INPUTS;
  const fp = fingerprint({ plugin: plugin.name, version: plugin.version, use: "recall.itemcf", options, seed: o.seed ?? 42, inputs });
  const hash = `h${neighbours}${o.seed ?? ""}${Object.values(inputs).join("")}`;
  const rec: StageRecord = { use: "recall.itemcf", plugin: plugin.name, version: plugin.version, fingerprint: fp, options, inputs, outputs: { "i2i.itemcf": { file: "artifacts/i2i.itemcf.parquet", kind: "table", hash, bytes: o.bytes ?? neighbours } }, metrics: {}, seconds: 1, finishedAt: "" };
  mkdirSync(join(dir, "stages"), { recursive: true });
  mkdirSync(join(dir, "objects"), { recursive: true });
  writeFileSync(join(dir, "stages", `${fp}.json`), JSON.stringify(rec));
  if (!o.missing) writeFileSync(join(dir, "objects", `${hash}.parquet`), "x");
  return rec;
}

describe("coveringRecords", () => {
  test("same plugin, seed and inputs, covering options, files present; smallest first", () => {
    const dir = mkdtempSync(join(tmpdir(), "tune-derive-"));
    cached(dir, 1600);
    cached(dir, 400);
    cached(dir, 50); // covers nothing above 50
    cached(dir, 3000, { seed: 7 }); // another seed
    cached(dir, 3000, { inputs: { "split.train": "bb" } }); // other inputs
    cached(dir, 2000, { missing: true }); // its file is gone
    expect(coveringRecords(stage(100), dir, INPUTS, 42).map((r) => (r.options as { neighbours: number }).neighbours)).toEqual([400, 1600]);
    expect(coveringRecords(stage(3000), dir, INPUTS, 42)).toEqual([]);
  });

  test("a record whose options were stored redacted (its fingerprint does not recompute) is never a source", () => {
    const dir = mkdtempSync(join(tmpdir(), "tune-derive-"));
    const rec = cached(dir, 800);
    writeFileSync(join(dir, "stages", `${rec.fingerprint}.json`), JSON.stringify({ ...rec, options: { ...(rec.options as object), alpha: "***" } }));
    expect(coveringRecords(stage(100), dir, INPUTS, 42)).toEqual([]);
  });
});
