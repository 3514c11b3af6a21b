/** data.table's CSV side files: RFC 4180 line breaks inside quotes, and the delimiter hint. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { fixtureDir, rejection } from "../testing/fixtures.ts";
import { delimiterHint } from "./csv.ts";

const ratings = "user,item,rating,timestamp\n1,10,4,1\n2,20,3,2\n";

describe("data.table CSV files", () => {
  test("a quoted field with a line break reads as one row (RFC 4180), with later lines numbered right", async () => {
    const dir = fixtureDir({
      "r.csv": ratings,
      "items.csv": 'item,title,genres,year\n10,"Alpha,\nthe sequel",A|B,1999\n20,"Beta ""2""\r\n\r\nend",,2001\n30,Gamma,C,x\n',
    });
    const options = { interactions: { path: "r.csv" }, items: { path: "items.csv" } };
    const bad = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options }));
    // the fourth record starts on line 7: both multi-line records were counted whole
    expect(bad.message).toContain(`${join(dir, "items.csv")}:7: column "year": "x" is not an integer`);
    const { outputs } = await runStage(plugin, "data.table", { pipelineDir: dir, options: { ...options, onBadRow: "skip" } });
    const items = outputs.items!;
    if (items.kind !== "table") throw new Error("expected a table");
    expect(items.columns.title).toEqual(["Alpha,\nthe sequel", 'Beta "2"\n\nend']);
    expect(Array.from(items.columns.year as Int32Array)).toEqual([1999, 2001]);
  });

  test("a tab-separated file read with the default delimiter says to set delimiter: \"\\t\"", async () => {
    const dir = fixtureDir({ "user_artists.dat": "userID\tartistID\tweight\n2\t51\t13883\n" });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "user_artists.dat", columns: { user: "userID", item: "artistID", rating: "", timestamp: "" } } } }));
    expect(e.message).toContain('no column "userID" in the header');
    expect(e.message).toContain('the header is tab-separated: set delimiter: "\\t" for this file');
    const { outputs } = await runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "user_artists.dat", delimiter: "\t", columns: { user: "userID", item: "artistID", rating: "", timestamp: "" } } } });
    expect(outputs.interactions!.kind === "table" && outputs.interactions!.length).toBe(1);
  });

  test("delimiterHint: only for a header that did not split", () => {
    expect(delimiterHint(["a;b"], ",")).toBe('the header is semicolon-separated: set delimiter: ";" for this file');
    expect(delimiterHint(["a,b"], "\t")).toBe('the header is comma-separated: set delimiter: "," for this file');
    expect(delimiterHint(["a", "b"], ",")).toBeUndefined();
    expect(delimiterHint(["ab"], ",")).toBeUndefined();
  });
});
