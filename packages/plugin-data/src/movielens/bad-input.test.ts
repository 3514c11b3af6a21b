import { describe, expect, test } from "bun:test";
import { InputError, UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { fixtureDir, rejection } from "../testing/fixtures.ts";

const ml1m = (ratings: string) => ({
  "users.dat": "1::F::1::10::48067\n2::M::56::16::70072\n",
  "movies.dat": "1::Toy Story (1995)::Animation\n2::Heat (1995)::Action\n",
  "ratings.dat": ratings,
});

async function failure(files: Record<string, string>, options: object = {}): Promise<Error> {
  try {
    await runStage(plugin, "data.movielens", { options: { path: fixtureDir(files), ...options } });
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the stage to fail");
}

describe("malformed lines stop the stage with path, line, column and text", () => {
  test("wrong field count", async () => {
    const e = await failure(ml1m("1::1::5::978300760\n1::2::3\n"));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain("/ratings.dat:2: column 4 (timestamp): missing (expected 4 fields");
    expect(e.message).toContain("found 3");
    expect(e.message).toContain("2 | 1::2::3");
  });
  test("non-numeric rating", async () => {
    const e = await failure(ml1m("1::1::5::978300760\n2::2::five::978300761\n"));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('/ratings.dat:2: column 3 (rating): "five" is not a number');
    expect(e.message).toContain("2 | 2::2::five::978300761");
  });
  test("unknown user", async () => {
    const e = await failure(ml1m("1::1::5::978300760\n\n9::2::4::978300761\n"));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain("/ratings.dat:3: column 1 (user id): user 9 is not in users.dat");
  });
  test("bad lines in side files too (ML-100K genre flag)", async () => {
    const e = await failure({ "u.data": "1\t1\t5\t1\n", "u.user": "1|24|M|technician|85711\n", "u.item": `1|Toy Story (1995)|01-Jan-1995||url${"|0".repeat(18)}|x\n` });
    expect(e.message).toContain('/u.item:1: column 24 (genre flag 19, Western): "x", expected 0 or 1');
  });
  test("a quoted CSV title left open", async () => {
    const e = await failure({ "ratings.csv": "userId,movieId,rating,timestamp\n1,1,4.0,1\n", "movies.csv": 'movieId,title,genres\n1,"Toy Story (1995),Comedy\n' });
    expect(e.message).toContain('/movies.csv:2: column "title": a quoted field is not closed');
  });
});

describe("onBadRow: skip", () => {
  test("skips, logs and records the count", async () => {
    const { outputs, metrics, logs } = await runStage(plugin, "data.movielens", {
      options: { path: fixtureDir(ml1m("1::1::5::978300760\n1::2::3\n2::2::x::1\n9::1::4::1\n2::1::4::978301968\n")), onBadRow: "skip" },
    });
    expect(outputs.interactions!.kind === "table" && outputs.interactions!.length).toBe(2);
    expect(metrics.skipped_rows).toBe(3);
    expect(logs.join("\n")).toMatch(/skipped 3 malformed lines \(first: \/.*\/ratings\.dat:2: column 4 \(timestamp\): missing \(expected 4 fields/);
  });
});

describe("files and folders", () => {
  test("empty file", async () => {
    const e = await failure(ml1m(""));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/ratings\.dat is empty: expected lines like "1::1193::5::978300760"/);
  });
  test("missing file of a recognised layout", async () => {
    const e = await failure({ "ratings.dat": "1::1::5::1\n" });
    expect(e.message).toMatch(/looks like ml-1m but movies\.dat is missing/);
  });
  test("folder in no known format", async () => {
    const e = await failure({ "notes.txt": "hello", "data.json": "{}" });
    expect(e.message).toMatch(/is in no known MovieLens format: expected ratings\.dat \(ML-1M\/10M\), u\.data \(ML-100K\) or ratings\.csv \(ml-latest\); found (data\.json, notes\.txt|notes\.txt, data\.json)/);
  });
  test("missing folder", async () => {
    const e = await rejection(runStage(plugin, "data.movielens", { options: { path: "/nonexistent/ml-1m" } }));
    expect(e.message).toContain("folder not found: /nonexistent/ml-1m");
  });
  test("relative paths resolve against the pipeline folder", async () => {
    const dir = fixtureDir(Object.fromEntries(Object.entries(ml1m("1::1::5::1\n")).map(([k, v]) => [`data/${k}`, v])));
    const { outputs } = await runStage(plugin, "data.movielens", { options: { path: "data" }, pipelineDir: dir });
    expect(outputs.interactions!.kind === "table" && outputs.interactions!.length).toBe(1);
  });
});

describe('path "synthetic"', () => {
  test("generates ML-shaped tables with the pipeline seed", async () => {
    const a = await runStage(plugin, "data.movielens", { options: { path: "synthetic:tiny" }, seed: 3 });
    const t = a.outputs.interactions!;
    expect(t.kind === "table" && t.length).toBe(5_000);
    expect(Object.keys(a.outputs).sort()).toEqual(["interactions", "items", "tags", "users"]);
  });
  test("an unknown preset lists the known ones", async () => {
    const e = await rejection(runStage(plugin, "data.movielens", { options: { path: "synthetic:ml-2m" } }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain('unknown synthetic preset "ml-2m"');
    expect(e.message).toContain("synthetic:ml-1m");
  });
});
