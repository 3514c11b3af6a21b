/**
 * What a demo-like run prints to stderr is worth reading: no Dawn warnings about lavapipe's limits
 * (see core-gpu's webgpu/quiet-stderr.ts), one line naming the backend (through the progress
 * reporter, not console.error, which Bun colours red in a terminal), and no log line that repeats
 * its stage's id (`recs.itemcf: recs.itemcf: …`).
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { shortlist, writePipeline } from "./cli-helpers.ts";

const pipeline = `name: quiet
backend: auto
plugins: ["@shortlist/plugin-data", "@shortlist/plugin-itemcf", "@shortlist/plugin-i2i"]
stages:
  - use: data.movielens
    with: { path: "synthetic:ml-100k" }
  - use: data.features
  - use: recall.itemcf
  - use: recall.i2i-recs
    id: recs.itemcf
    with: { i2i: i2i.itemcf }
`;

test("a demo-like run: no Dawn limit warnings, one backend line, no doubled prefix", async () => {
  const file = writePipeline(pipeline);
  const r = await shortlist(["run", file, "--out", join(file, "..", "run")]);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("artificially reduced");
  const backendLines = r.stderr.split("\n").filter((l) => /backend/.test(l));
  expect(backendLines).toHaveLength(1);
  expect(backendLines[0]).toMatch(/^ {2}recall\.itemcf: core-gpu backend (cpu|webgpu): .+ \(.+\)$/);
  expect(r.stderr).toContain("  recs.itemcf: ");
  expect(r.stderr).not.toMatch(/^ {2}(\S+): \1: /m);
  expect(r.stderr).not.toContain("\x1b[");
}, 120_000);
