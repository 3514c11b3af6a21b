/**
 * Resume reuses a stage only when its outputs are the bytes it wrote (issue 16, item 1): a file
 * flipped on disk with its size unchanged is recomputed, and the stage after it reads correct rows.
 */
import { expect, test } from "bun:test";
import { openSync, readFileSync, statSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, shortlist, tempDir } from "./cli-helpers.ts";

const pipeline = join(FIXTURES, "counting.yaml");
const sumOf = (n: number, power: number) => Array.from({ length: n }, (_, i) => i ** power).reduce((a, b) => a + b, 0);

/** Overwrites 64 bytes in the middle of a file with their complement: same size, other content. */
function flip64(path: string): void {
  const bytes = readFileSync(path);
  const at = Math.floor(bytes.length / 2) - 32;
  const fd = openSync(path, "r+");
  writeSync(fd, Buffer.from(bytes.subarray(at, at + 64).map((b) => b ^ 0xff)), 0, 64, at);
  closeSync(fd);
}

test("a cached output whose bytes changed is recomputed, and the next stage reads the right rows", async () => {
  const out = tempDir();
  expect((await shortlist(["run", pipeline, "--out", out], { N: "5000" })).code).toBe(0);
  const file = join(out, "artifacts", "numbers.parquet");
  const size = statSync(file).size;
  flip64(file);
  expect(statSync(file).size).toBe(size);
  // power=3 makes count.square run again, so it reads numbers.parquet from disk
  const r = await shortlist(["run", pipeline, "--out", out, "--set", "stages[count.square].with.power=3"], { N: "5000" });
  expect(r.stderr).not.toMatch(/count\.numbers ↺ cached/);
  expect(r.stderr).toContain("artifacts/numbers.parquet changed on disk (sha256 differs");
  expect(r.code).toBe(0);
  const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
  expect(metrics.stages["count.sum"].sum).toBe(sumOf(5000, 3));
  // the recomputed file is the original again, so the next run reuses everything
  const again = await shortlist(["run", pipeline, "--out", out, "--set", "stages[count.square].with.power=3"], { N: "5000" });
  expect(again.stderr.match(/↺ cached/g)?.length).toBe(3);
});
