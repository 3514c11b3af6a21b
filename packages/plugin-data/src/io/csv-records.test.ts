import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { fixtureDir } from "../testing/fixtures.ts";
import { MAX_RECORD_LINES, readCsvRecords } from "./csv-records.ts";

function records(text: string, delimiter = ","): Array<[number, string[] | null, string]> {
  const dir = fixtureDir({ "t.csv": text });
  const out: Array<[number, string[] | null, string]> = [];
  readCsvRecords(join(dir, "t.csv"), "utf-8", delimiter, (fields, _text, n, failure) => out.push([n, fields, fields ? "" : failure.why]));
  return out;
}

describe("readCsvRecords", () => {
  test("a quoted field may span lines, blank ones and CRLF endings included; records keep their first line number", () => {
    expect(records('id,note\n1,"two\nlines"\n2,"a\r\n\r\nb, ""c"""\n3,plain\n')).toEqual([
      [1, ["id", "note"], ""],
      [2, ["1", "two\nlines"], ""],
      [4, ["2", 'a\n\nb, "c"'], ""],
      [7, ["3", "plain"], ""],
    ]);
  });

  test("blank lines between records are skipped; other delimiters work alike", () => {
    expect(records('a\tb\n\n1\t"x\ty\nz"\n', "\t")).toEqual([
      [1, ["a", "b"], ""],
      [3, ["1", "x\ty\nz"], ""],
    ]);
  });

  test("a quote never closed is reported at its line, and the lines after it are read again", () => {
    expect(records('id,note\n1,"oops\n2,fine\n')).toEqual([
      [1, ["id", "note"], ""],
      [2, null, "a quoted field is not closed by the end of the file (a stray quote?)"],
      [3, ["2", "fine"], ""],
    ]);
    const many = ['id,note', '1,"oops', ...Array.from({ length: MAX_RECORD_LINES + 5 }, (_, i) => `${i + 2},x`)].join("\n");
    const r = records(many);
    expect(r[1]).toEqual([2, null, `a quoted field is not closed within ${MAX_RECORD_LINES} lines (a stray quote?)`]);
    expect(r.length).toBe(MAX_RECORD_LINES + 7);
    expect(r.at(-1)).toEqual([MAX_RECORD_LINES + 7, [String(MAX_RECORD_LINES + 6), "x"], ""]);
  });
});
