/** Options of rank.candidates: the schema is their only documentation. */
import { z } from "zod";

const sourceLists = z.object({
  train: z.string().min(1).describe('Recall list for the validation period, trained on split.train and NOT excluding split.valid items (they are the positives), e.g. "recs.itemcf.valid"'),
  test: z.string().min(1).describe('Recall list to rank for evaluation on split.test: split.valid items excluded, e.g. "recs.itemcf" (the very list eval.recs scores alone)'),
});

export const candidatesOptions = z.object({
  sources: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/, "a lower-case name (letters, digits, _), used as a column prefix"), sourceLists)
    .refine((s) => Object.keys(s).length > 0, "name at least one source")
    .describe("Recall sources by name → their two recs tables ({ user, rank, item, score }); columns <name>_score, <name>_rank, <name>_norm (score ÷ the user's best score from that source) per source"),
  depth: z.number().int().min(1).default(100).describe("Keep each source's top `depth` items per user (by its rank column, else row order)"),
  history: z.string().min(1).default("split.train").describe("Interactions the user/item statistics come from (the training split: never a held-out one)"),
  labels: z.string().min(1).default("split.valid").describe("Interactions that label candidates.train (1 when the user has the item here, else 0) and pick its users"),
  gain: z
    .enum(["binary", "rating"])
    .default("binary")
    .describe('Label value of a hit: "binary" = 1 (every held-out item counts, as in eval.recs), "rating" = the rating in `labels` (graded gain for lambdarank)'),
  userTable: z.string().default("").describe('Table keyed by `user` to join columns from, e.g. "features.user" (data.features); "" = none'),
  userColumns: z.array(z.string().min(1)).default([]).describe('Its columns to join as user_<column> (numbers as they are, strings as codes 1… in sorted order; NaN when the user has no row), e.g. ["age", "gender"]'),
  itemTable: z.string().default("").describe('Table keyed by `item` to join columns from, e.g. "features.item"; "" = none'),
  itemColumns: z.array(z.string().min(1)).default([]).describe('Its columns to join as item_<column>, e.g. ["year", "genre_code"]'),
  affinity: z
    .array(z.string().min(1))
    .default([])
    .describe("Item columns (from itemTable) for which to add <column>_affinity: the share of the user's history items that share the candidate's value (e.g. the genre)"),
  i2i: z
    .array(z.string().regex(/^i2i\.[a-z][a-z0-9_]*$/, 'an i2i table named "i2i.<algo>"'))
    .default([])
    .describe('Neighbour tables ({ item, neighbour, score }) for <algo>_max (best similarity to any history item) and <algo>_votes (history items listing the candidate), e.g. ["i2i.itemcf"]'),
  embeddings: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/, "a lower-case name (letters, digits, _), used as a column prefix"), z.object({
      user: z.string().min(1).describe('User vectors { user, e0 … }, e.g. "emb.simplex.user"'),
      item: z.string().min(1).describe('Item vectors { item, e0 … }, e.g. "emb.simplex.item"'),
    }))
    .default({})
    .describe("Learned models by name → their embedding tables: <name>_cos (cosine of user and candidate, for every candidate whichever source retrieved it) and <name>_cos_gap (minus the user's best candidate cosine)"),
  extraPeriods: z
    .array(z.object({
      sources: z.record(z.string(), z.string().min(1)).describe("Each source's list for this period, by the same names as `sources`, e.g. { itemcf: recs.itemcf.fold }"),
      history: z.string().min(1).describe('The period\'s training interactions (its recall learned from them), e.g. "fold.train"'),
      labels: z.string().min(1).describe('Its held-out interactions, the labels, e.g. "fold.labels"'),
      i2i: z.array(z.string().min(1)).default([]).describe("Its neighbour tables, in the order of `i2i` (their features keep i2i's names)"),
      embeddings: z.record(z.string(), z.object({ user: z.string().min(1), item: z.string().min(1) })).default({}).describe("Its embedding tables, by the names of `embeddings`"),
    }))
    .default([])
    .describe("More labelled periods appended to <output>.train (more training queries for the ranker), each from recall trained on an earlier cut of split.train, e.g. split.train less a fold (rank.fold) labelled by the fold; groups numbered on after the validation period's"),
  output: z.string().min(1).default("candidates").describe("Prefix of the two tables written: <output>.train and <output>.test"),
});

export type CandidatesOptions = z.output<typeof candidatesOptions>;

/**
 * Every artifact the stage reads, optional ones never: a missing source list is a plan error.
 * @example candidatesInputs(candidatesOptions.parse({ sources: { itemcf: { train: "a", test: "b" } } })) // ["a", "b", "split.train", "split.valid"]
 */
export function candidatesInputs(o: CandidatesOptions): string[] {
  const lists = Object.values(o.sources).flatMap((s) => [s.train, s.test]);
  return [...new Set([...lists, o.history, o.labels, ...(o.userTable ? [o.userTable] : []), ...(o.itemTable ? [o.itemTable] : []), ...o.i2i, ...Object.values(o.embeddings).flatMap((e) => [e.user, e.item]), ...o.extraPeriods.flatMap((p) => [...Object.values(p.sources), p.history, p.labels, ...p.i2i, ...Object.values(p.embeddings).flatMap((e) => [e.user, e.item])])])];
}
