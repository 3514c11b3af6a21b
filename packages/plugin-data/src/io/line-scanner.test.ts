import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scanLines } from "./line-scanner.ts";

const dir = mkdtempSync(join(tmpdir(), "scan-"));
const lines = (path: string) => {
  const out: [number, string][] = [];
  scanLines(path, (buf, s, e, n) => out.push([n, new TextDecoder("utf-8", { ignoreBOM: true }).decode(buf.subarray(s, e))]));
  return out;
};

test("LF and CRLF endings, a last line without newline, blank lines kept", () => {
  const p = join(dir, "a.txt");
  writeFileSync(p, "a\r\nbb\n\nccc");
  expect(lines(p)).toEqual([[1, "a"], [2, "bb"], [3, ""], [4, "ccc"]]);
});

test("lines that cross read chunks and lines longer than a chunk", () => {
  const p = join(dir, "big.txt");
  const long = "x".repeat((1 << 22) + 123);
  const body = Array.from({ length: 300_000 }, (_, i) => `${i},${i * 7}`);
  writeFileSync(p, [...body, long, "end"].join("\n") + "\n");
  const got = lines(p);
  expect(got.length).toBe(300_002);
  expect(got[123_456]).toEqual([123_457, "123456,864192"]);
  expect(got[300_000]![1].length).toBe(long.length);
  expect(got[300_001]).toEqual([300_002, "end"]);
});

test("an empty file has no lines", () => {
  const p = join(dir, "empty.txt");
  writeFileSync(p, "");
  expect(lines(p)).toEqual([]);
});

test("a UTF-8 byte-order mark before line 1 is dropped, and only there", () => {
  const p = join(dir, "bom.txt");
  writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("9,1\n\ufeff2,3\n")]));
  expect(lines(p)).toEqual([[1, "9,1"], [2, "\ufeff2,3"]]);
  writeFileSync(p, Buffer.from([0xef, 0xbb, 0xbf]));
  expect(lines(p)).toEqual([[1, ""]]);
});
