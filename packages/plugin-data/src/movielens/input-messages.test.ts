/**
 * Issue 16, item 9: what data.movielens says about bad input — BOMs, ids past int32, ml-latest
 * headers, full paths and columns in every error, escaped echoes.
 */
import { describe, expect, test } from "bun:test";
import { InputError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import { join } from "node:path";
import plugin from "../index.ts";
import { fixtureDir, rejection } from "../testing/fixtures.ts";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const bom = (text: string) => Buffer.concat([BOM, Buffer.from(text)]);
const load = (dir: string) => runStage(plugin, "data.movielens", { options: { path: dir } });
const tableOf = (a: { kind: string }) => a as unknown as { length: number; columns: Record<string, ArrayLike<number> | string[]> };

const ml1m = { "users.dat": "9::F::1::10::48067\n", "movies.dat": "1::Toy Story (1995)::Animation\n", "ratings.dat": "9::1::5::978300760\n" };
const ml100k = { "u.user": "9|24|M|technician|85711\n", "u.item": `1|Toy Story (1995)|01-Jan-1995||url${"|0".repeat(19)}\n`, "u.data": "9\t1\t5\t1\n" };
const mlLatest = { "ratings.csv": "userId,movieId,rating,timestamp\n9,1,4.0,1\n", "movies.csv": "movieId,title,genres\n1,Toy Story (1995),Comedy\n", "tags.csv": "userId,movieId,tag,timestamp\n9,1,fun,2\n" };

describe("a UTF-8 byte-order mark at the start of a file is dropped", () => {
  for (const [layout, files] of [["ML-1M (::)", ml1m], ["ML-100K (tab and |)", ml100k], ["ml-latest (CSV)", mlLatest]] as const) {
    test(`${layout}: every file may start with one`, async () => {
      const withBoms = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, bom(text)]));
      const { outputs } = await load(fixtureDir(withBoms));
      expect(Array.from(tableOf(outputs.interactions!).columns.user as Int32Array)).toEqual([9]);
      expect(Array.from(tableOf(outputs.users!).columns.user as Int32Array)).toEqual([9]);
      expect(Array.from(tableOf(outputs.items!).columns.item as Int32Array)).toEqual([1]);
    });
  }
});

describe("ids past int32", () => {
  test("are too large, not 'not an integer'", async () => {
    const e = await rejection(load(fixtureDir({ ...ml1m, "ratings.dat": "9::1::5::1\n3000000000::1::5::1\n" })));
    expect(e.message).toContain('/ratings.dat:2: column 1 (user id): "3000000000" is too large: at most 2147483647');
    const side = await rejection(load(fixtureDir({ ...ml1m, "movies.dat": "1::A (1995)::Drama\n2147483648::B::Drama\n" })));
    expect(side.message).toContain('/movies.dat:2: column 1 (movie id): "2147483648" is too large: at most 2147483647');
  });
  test("a real non-integer is still 'not an integer'", async () => {
    const e = await rejection(load(fixtureDir({ ...ml1m, "ratings.dat": "9::1.5::5::1\n" })));
    expect(e.message).toContain('column 2 (item id): "1.5" is not an integer');
  });
});

describe("ml-latest headers are checked", () => {
  test("a renamed column fails naming path, line 1, what was found and what was expected", async () => {
    const dir = fixtureDir({ ...mlLatest, "ratings.csv": "userId,itemId,rating,timestamp\n9,1,4.0,1\n" });
    const e = await rejection(load(dir));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toStartWith(`${join(dir, "ratings.csv")}:1: column 2 is "itemId", expected "movieId" (the header must be userId,movieId,rating,timestamp)`);
  });
  test("in movies.csv and tags.csv too, and a file without its header is caught, not read a row short", async () => {
    const movies = fixtureDir({ ...mlLatest, "movies.csv": "movieId,name,genres\n1,Toy Story (1995),Comedy\n" });
    expect((await rejection(load(movies))).message).toContain('movies.csv:1: column 2 is "name", expected "title"');
    const tags = fixtureDir({ ...mlLatest, "tags.csv": "userId,movieId,tag\n9,1,fun\n" });
    expect((await rejection(load(tags))).message).toContain('tags.csv:1: column 4 is missing, expected "timestamp"');
    const headless = fixtureDir({ ...mlLatest, "ratings.csv": "9,1,4.0,1\n" });
    expect((await rejection(load(headless))).message).toContain('ratings.csv:1: column 1 is "9", expected "userId"');
  });
  test("onBadRow: skip does not skip a wrong header", async () => {
    const dir = fixtureDir({ ...mlLatest, "ratings.csv": "user,movieId,rating,timestamp\n9,1,4.0,1\n" });
    const e = await rejection(runStage(plugin, "data.movielens", { options: { path: dir, onBadRow: "skip" } }));
    expect(e.message).toContain('column 1 is "user", expected "userId"');
  });
});

describe("every data error names the full path, the line and the column", () => {
  test("by position where the format has no header, by name where it has one", async () => {
    const dat = fixtureDir({ ...ml1m, "users.dat": "9::F::old::10::48067\n" });
    expect((await rejection(load(dat))).message).toStartWith(`${join(dat, "users.dat")}:1: column 3 (age): "old" is not an integer`);
    const csv = fixtureDir({ ...mlLatest, "ratings.csv": "userId,movieId,rating,timestamp\n9,1,good,1\n" });
    expect((await rejection(load(csv))).message).toStartWith(`${join(csv, "ratings.csv")}:2: column "rating": "good" is not a number`);
    const tags = fixtureDir({ ...mlLatest, "tags.csv": "userId,movieId,tag,timestamp\n9,1,fun,yesterday\n" });
    expect((await rejection(load(tags))).message).toStartWith(`${join(tags, "tags.csv")}:2: column "timestamp": "yesterday" is not an integer`);
    const short = fixtureDir({ ...ml100k, "u.data": "9\t1\t5\n" });
    expect((await rejection(load(short))).message).toStartWith(`${join(short, "u.data")}:1: column 4 (timestamp): missing`);
  });
});

describe("binary input is echoed escaped and capped", () => {
  // Latin-1 files are decoded as windows-1252 (the WHATWG "latin1"), where 0x81 stays a C1 control.
  test("control bytes never reach the message raw", async () => {
    const junk = Buffer.concat([Buffer.from("9::"), Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x81]), Buffer.from("::5::1"), Buffer.alloc(5000, 0x01), Buffer.from("\n")]);
    const e = await rejection(load(fixtureDir({ ...ml1m, "ratings.dat": junk })));
    expect(e.message).toContain('column 2 (item id): "\\x00\\x1b[2J\\x07\\x81" is not an integer');
    expect(e.message).toContain("1 | 9::\\x00\\x1b[2J\\x07\\x81::5::1\\x01\\x01");
    expect(e.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(e.message.length).toBeLessThan(600);
  });
});
