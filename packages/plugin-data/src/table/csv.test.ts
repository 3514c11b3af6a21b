import { expect, test } from "bun:test";
import { join } from "node:path";
import { BadRows } from "../io/bad-rows.ts";
import { fixtureDir } from "../testing/fixtures.ts";
import { readCsv } from "./csv.ts";

test("typed columns: int, float, string and auto-detected", () => {
  const dir = fixtureDir({ "t.csv": 'id,score,name,code\n1,0.5,"a, b",7\n2,1e1,c,x\n' });
  const c = readCsv(join(dir, "t.csv"), ",", "all", new BadRows("fail"));
  expect(c.id).toBeInstanceOf(Int32Array);
  expect(c.score).toEqual(["0.5", "1e1"]); // auto keeps non-integers as text
  expect(c.name).toEqual(["a, b", "c"]);
  expect(c.code).toEqual(["7", "x"]);
  const typed = readCsv(join(dir, "t.csv"), ",", { id: "int", score: "float" }, new BadRows("fail"));
  expect(Array.from(typed.score as Float32Array)).toEqual([0.5, 10]);
});

test("a header without rows gives empty columns", () => {
  const dir = fixtureDir({ "t.csv": "a,b\n" });
  expect(readCsv(join(dir, "t.csv"), ",", { a: "int" }, new BadRows("fail")).a!.length).toBe(0);
});
