/** rank.fold: cuts a labelled period out of split.train, so the ranker gets more training queries. */
import { keyOf, Rng } from "@shortlist/core-gpu";
import { defineStage, table, type Column, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";
import { z } from "zod";

export const foldOptions = z.object({
  input: z.string().min(1).default("split.train").describe("Interactions to cut (the training split: never a held-out one)"),
  share: z.number().gt(0).lt(1).default(1 / 9).describe("Share of each user's rows held out as labels (1/9 of an 80 % training split is the size of a 10 % validation split)"),
  output: z.string().min(1).default("fold").describe("Prefix of the two tables written: <output>.train (the rest) and <output>.labels (the held-out rows)"),
});

/**
 * Holds out round(share × n) of each user's n rows, chosen by a shuffle seeded by the run seed,
 * as `<output>.labels`; the rest is `<output>.train`. Recall trained on `fold.train` and labelled
 * by `fold.labels` is one more period for rank.candidates' `extraPeriods`, built from split.train
 * alone, so the ranker learns from twice the queries without reading any held-out split.
 * @example
 * // stages: [{ use: rank.fold, with: { input: split.train } }]  → fold.train, fold.labels
 */
export const foldStage = defineStage({
  kind: "rank",
  description: "Holds out a seeded share of each user's training rows (fold.labels) from the rest (fold.train): an extra labelled period for the ranker",
  options: foldOptions,
  inputs: (o) => [o.input],
  outputs: (o) => [`${o.output}.train`, `${o.output}.labels`],
  async run(ctx, o) {
    const t = await ctx.table(o.input);
    const held = foldRows(intIds(t, "user", o.input), o.share, ctx.seed);
    const rest = held.map((h) => (h ? 0 : 1));
    ctx.output(`${o.output}.train`, rowsOf(t, rest));
    ctx.output(`${o.output}.labels`, rowsOf(t, held));
    ctx.metrics.record("label_rows", held.reduce((s, h) => s + h, 0));
  },
});

/**
 * 1 for the rows held out: per user, round(share × its rows) of them, by a seeded shuffle.
 * @example foldRows(Int32Array.of(1, 1, 1, 2), 0.5, 42) // two of user 1's rows (round(1.5)) and user 2's one (round(0.5) = 1 → rounds half up)
 */
export function foldRows(user: Int32Array, share: number, seed: number): Uint8Array {
  const rng = new Rng(seed, keyOf("rank.fold"));
  const byUser = new Map<number, number[]>();
  for (let r = 0; r < user.length; r++) {
    let rows = byUser.get(user[r]!);
    if (!rows) byUser.set(user[r]!, (rows = []));
    rows.push(r);
  }
  const out = new Uint8Array(user.length);
  for (const u of [...byUser.keys()].sort((a, b) => a - b)) {
    const rows = byUser.get(u)!;
    // Fisher–Yates, then the first round(share × n) rows are held out.
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rng.float() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const k = Math.round(share * rows.length);
    for (let i = 0; i < k; i++) out[rows[i]!] = 1;
  }
  return out;
}

function rowsOf(t: Table, keep: ArrayLike<number>): Table {
  const idx: number[] = [];
  for (let r = 0; r < keep.length; r++) if (keep[r]) idx.push(r);
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(t.columns)) {
    if (Array.isArray(c)) columns[name] = idx.map((r) => c[r]!);
    else {
      const a = c as Float32Array;
      const o = new (a.constructor as Float32ArrayConstructor)(idx.length);
      idx.forEach((r, j) => (o[j] = a[r]!));
      columns[name] = o;
    }
  }
  return table(columns);
}
