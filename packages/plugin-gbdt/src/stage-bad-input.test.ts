import { describe, expect, test } from "bun:test";
import { table, UserError, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";
import { candidatesTable, samplesTable } from "./synthetic-tables.ts";

const replace = (t: Table, col: string, values: Table["columns"][string]) => table({ ...t.columns, [col]: values });

/** Runs rank.gbdt and returns the UserError it must throw. */
async function refusal(inputs: Record<string, Table>, options: Record<string, unknown> = {}): Promise<string> {
  const error = await runStage(plugin, "rank.gbdt", { inputs, options: { numRounds: 3, ...options } }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe("rank.gbdt refuses bad input before training, naming the stage and the column", () => {
  const samples = samplesTable(1, 400);

  test("a label other than 0/1 under binary", async () => {
    const label = Float32Array.from(samples.columns.label as Float32Array);
    label[17] = 2;
    const msg = await refusal({ "samples.ranking": replace(samples, "label", label) });
    expect(msg).toContain("rank.gbdt");
    expect(msg).toContain('label column "label" of samples.ranking is 2 at row 17');
    expect(msg).toContain("expected 0 or 1");
  });

  test("NaN in a label (under any objective)", async () => {
    const label = Float32Array.from(samples.columns.label as Float32Array);
    label[3] = NaN;
    for (const objective of ["binary", "regression"]) {
      const msg = await refusal({ "samples.ranking": replace(samples, "label", label) }, { objective });
      expect(msg).toMatch(/rank\.gbdt: label column "label" of samples.ranking is NaN at row 3 \(not a finite number\)/);
    }
  });

  test("a feature that holds strings", async () => {
    const genre = Array.from({ length: samples.length }, (_, r) => (r % 2 ? "Drama" : "Comedy"));
    const msg = await refusal({ "samples.ranking": table({ ...samples.columns, genre }) }, { features: ["signal", "genre"] });
    expect(msg).toContain('rank.gbdt: feature column "genre" of samples.ranking holds strings (e.g. "Comedy"); expected numbers');
    expect(await refusal({ "samples.ranking": samples }, { features: ["signal", "nope"] })).toContain('feature column "nope" is not in samples.ranking');
    expect(await refusal({ "samples.ranking": samples }, { features: ["signal"], categorical: "sorted", categoricalFeatures: ["genre_code"] })).toContain('categoricalFeatures names "genre_code", which is not a feature');
  });

  test("a validation split with one class (AUC undefined)", async () => {
    const split = samples.columns.split as Uint8Array;
    const label = Float32Array.from(samples.columns.label as Float32Array, (y, r) => (split[r] === 1 ? 1 : y));
    const msg = await refusal({ "samples.ranking": replace(samples, "label", label) });
    expect(msg).toContain('rank.gbdt: label column "label" of samples.ranking has only 1s in the validation rows (split 1)');
  });

  test("funnel mode: validation users with one class, and a feature candidates.test lacks", async () => {
    const cands = candidatesTable(2, 30, 10);
    const test = candidatesTable(3, 10, 10);
    const zero = replace(cands, "label", new Float32Array(cands.length));
    const msg = await refusal({ "candidates.train": zero, "candidates.test": test }, { candidates: "candidates.train" });
    expect(msg).toContain('rank.gbdt: label column "label" of candidates.train has only 0s in the held-out validation users');
    const { noise: _n, ...lacking } = test.columns;
    expect(await refusal({ "candidates.train": cands, "candidates.test": table(lacking) }, { candidates: "candidates.train" })).toContain('rank.gbdt: feature column "noise" is not in candidates.test');
  });

  test("lambdarank: a query whose rows are not together, a fractional query id, a negative grade, no relevant validation row", async () => {
    const cands = candidatesTable(4, 20, 10);
    const test = candidatesTable(5, 5, 10);
    const o = { candidates: "candidates.train", objective: "lambdarank" };
    const group = Int32Array.from(cands.columns.group as Int32Array);
    group[5] = 7; // query 0 split around one row of query 7
    expect(await refusal({ "candidates.train": replace(cands, "group", group), "candidates.test": test }, o)).toContain('rank.gbdt: group column "group" of candidates.train: query 0 reappears at row 6');
    const fractional = Float32Array.from(cands.columns.group as Int32Array, (g, r) => (r === 9 ? 0.5 : g));
    expect(await refusal({ "candidates.train": replace(cands, "group", fractional), "candidates.test": test }, o)).toContain('group column "group" of candidates.train is 0.5 at row 9');
    const grade = Float32Array.from(cands.columns.label as Float32Array, (y, r) => (r === 2 ? -1 : y));
    expect(await refusal({ "candidates.train": replace(cands, "label", grade), "candidates.test": test }, o)).toContain("is -1 at row 2 (not a whole grade 0..31)");
    expect(await refusal({ "candidates.train": replace(cands, "label", new Float32Array(cands.length)), "candidates.test": test }, o)).toContain('label column "label" of candidates.train is 0 on every row of the held-out validation users');
  });

  test("samples without a split, user or item column, or without test rows", async () => {
    const { split: _s, ...noSplit } = samples.columns;
    expect(await refusal({ "samples.ranking": table(noSplit) })).toContain('rank.gbdt: split column "split" is not in samples.ranking');
    const { item: _i, ...noItem } = samples.columns;
    expect(await refusal({ "samples.ranking": table(noItem) })).toContain('rank.gbdt: item column "item" is not in samples.ranking');
    const noTest = replace(samples, "split", Uint8Array.from(samples.columns.split as Uint8Array, (s) => (s === 2 ? 0 : s)));
    expect(await refusal({ "samples.ranking": noTest })).toContain("has no row with split 2 (test)");
  });
});
