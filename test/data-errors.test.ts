/**
 * Bad data files through `shortlist run`, as a user meets them: exit 2, the message names the
 * full path, the line and the column, the echoed text is escaped, and no artifact of the stage is left.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { shortlist, tempDir } from "./cli-helpers.ts";

/** A folder with an ML-1M dataset whose ratings.dat is `ratings`, and a pipeline reading it. */
function ml1mPipeline(ratings: Uint8Array | string): { file: string; data: string; out: string } {
  const dir = tempDir();
  const data = join(dir, "ml");
  mkdirSync(data);
  writeFileSync(join(data, "users.dat"), "1::F::1::10::48067\n");
  writeFileSync(join(data, "movies.dat"), "1::Toy Story (1995)::Animation\n");
  writeFileSync(join(data, "ratings.dat"), ratings);
  const file = join(dir, "p.yaml");
  writeFileSync(file, `name: bad-data\nplugins: ["@shortlist/plugin-data"]\nstages:\n  - use: data.movielens\n    with: { path: ml }\n`);
  return { file, data, out: join(dir, "run") };
}

describe("bad data files", () => {
  test("binary junk: exit 2, path, line and column named, control bytes escaped, nothing written", async () => {
    const junk = Buffer.concat([Buffer.from("1::1::5::978300760\n1::"), Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00]), Buffer.from("::5::978300761\n")]);
    const { file, data, out } = ml1mPipeline(junk);
    const r = await shortlist(["run", file, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(data, "ratings.dat")}:2: column 2 (item id): "\\x1b[2J\\x00" is not an integer`);
    expect(r.stderr).toContain("2 | 1::\\x1b[2J\\x00::5::978300761");
    expect(r.stderr).not.toMatch(/[\u0000\u001b]/);
    const artifacts = join(out, "artifacts");
    expect(existsSync(artifacts) ? readdirSync(artifacts) : []).toEqual([]);
  });

  test("a byte-order mark is read past, and an id past int32 is too large", async () => {
    const { file, data, out } = ml1mPipeline(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("1::1::5::978300760\n4294967296::1::5::1\n")]));
    const r = await shortlist(["run", file, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(data, "ratings.dat")}:2: column 1 (user id): "4294967296" is too large: at most 2147483647`);
  });
});
