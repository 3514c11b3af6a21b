import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTextLines, requireFile } from "./text-file.ts";

const dir = mkdtempSync(join(tmpdir(), "text-"));

describe("requireFile", () => {
  test("missing and empty files get their own messages", () => {
    expect(() => requireFile(join(dir, "nope.dat"), "1::2")).toThrow(/missing file .*nope\.dat: expected nope\.dat with lines like "1::2"/);
    writeFileSync(join(dir, "empty.dat"), "");
    expect(() => requireFile(join(dir, "empty.dat"), "1::2")).toThrow(/empty\.dat is empty: expected lines like "1::2"/);
    expect(() => requireFile(dir, "1::2")).toThrow(/is not a file/);
  });
});

describe("readTextLines", () => {
  test("decodes Latin-1 and skips blank lines, keeping line numbers", () => {
    const p = join(dir, "movies.dat");
    writeFileSync(p, Buffer.from([...Buffer.from("1::Caf"), 0xe9, ...Buffer.from("::Drama\n\n2::B::C\n")]));
    const got: [number, string][] = [];
    readTextLines(p, "latin1", (t, n) => got.push([n, t]));
    expect(got).toEqual([[1, "1::Café::Drama"], [3, "2::B::C"]]);
  });
  test("a file of blank lines is empty", () => {
    const p = join(dir, "blank.dat");
    writeFileSync(p, "\n  \n");
    expect(() => readTextLines(p, "utf-8", () => {}, "1::2")).toThrow(/is empty \(only blank lines\)/);
  });
});
