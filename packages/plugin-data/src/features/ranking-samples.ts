/**
 * samples.ranking: labelled rows of every split (label 1 for rating ≥ positiveAt, 0 for ≤
 * negativeAt, others dropped) with features a ranker can use directly, all leakage-free:
 *  - split (0 train, 1 valid, 2 test), user, item, timestamp, label;
 *  - codes from the training vocabularies (0 = unknown): user_code, item_code, genre_code, one
 *    <column>_code per users-table column;
 *  - sequence features as of the row: hist_0..hist_{maxLen-1} = item codes of the user's previous
 *    TRAINING rows in (time, item, row) order, oldest first, 0-padded at the end; last_item_code and
 *    last_genre_code of the latest of them — a row never sees itself, a later row, or a held-out row;
 *  - training statistics of the user and item (count, mean rating, high share).
 */
import { table, type Column, type Table } from "@shortlist/runner";
import type { UserRuns } from "../util/order-rows.ts";
import { mainGenre } from "./feature-tables.ts";
import type { Indexed } from "./interactions.ts";
import type { ItemInfo } from "./side-tables.ts";
import { TRAIN } from "./split.ts";
import { highShareOf, meanOf, type TrainStats } from "./stats.ts";
import type { Vocab } from "./vocab.ts";

export interface RankingOptions {
  positiveAt: number;
  negativeAt: number;
  maxLen: number;
}

/** @example rankingSamples(it, runs, split, stats, vocab, items, { positiveAt: 4, negativeAt: 2, maxLen: 10 }) */
export function rankingSamples(it: Indexed, runs: UserRuns, split: Uint8Array, stats: TrainStats, vocab: Vocab, items: ItemInfo, o: RankingOptions): Table {
  const labelOf = (r: number) => (it.rating[r]! >= o.positiveAt ? 1 : it.rating[r]! <= o.negativeAt ? 0 : -1);
  let n = 0;
  for (let r = 0; r < it.n; r++) if (labelOf(r) >= 0) n++;
  const L = o.maxLen;
  const i32 = () => new Int32Array(n);
  const f32 = () => new Float32Array(n);
  const c = {
    split: new Uint8Array(n), user: i32(), item: i32(), timestamp: i32(), label: f32(),
    user_code: i32(), item_code: i32(), genre_code: i32(), last_item_code: i32(), last_genre_code: i32(),
    user_count: i32(), user_mean_rating: f32(), user_high_share: f32(), item_count: i32(), item_mean_rating: f32(), item_high_share: f32(),
  };
  const hist = Array.from({ length: L }, () => i32());
  const demo = Object.entries(vocab.demographicCode).map(([name, codes]) => ({ name: `${name}_code`, codes, out: i32() }));
  const ring = new Int32Array(Math.max(L, 1)); // item codes of the last L training rows
  const genreCodeOf = (j: number) => {
    const g = mainGenre(items, stats, j);
    return g >= 0 ? vocab.genreCode[g]! : 0;
  };
  let out = 0;
  for (let u = 0; u + 1 < runs.start.length; u++) {
    let seen = 0; // training rows passed so far for this user
    let lastJ = -1;
    for (let p = runs.start[u]!; p < runs.start[u + 1]!; p++) {
      const r = runs.order[p]!;
      const j = it.items.index[r]!;
      const label = labelOf(r);
      if (label >= 0) {
        c.split[out] = split[r]!;
        c.user[out] = it.user[r]!;
        c.item[out] = it.item[r]!;
        c.timestamp[out] = it.timestamp[r]!;
        c.label[out] = label;
        c.user_code[out] = vocab.userCode[u]!;
        c.item_code[out] = vocab.itemCode[j]!;
        c.genre_code[out] = genreCodeOf(j);
        c.last_item_code[out] = lastJ >= 0 ? vocab.itemCode[lastJ]! : 0;
        c.last_genre_code[out] = lastJ >= 0 ? genreCodeOf(lastJ) : 0;
        const have = Math.min(seen, L);
        for (let h = 0; h < have; h++) hist[h]![out] = ring[(seen - have + h) % L]!;
        c.user_count[out] = stats.user.count[u]!;
        c.user_mean_rating[out] = meanOf(stats.user, u);
        c.user_high_share[out] = highShareOf(stats.user, u);
        c.item_count[out] = stats.item.count[j]!;
        c.item_mean_rating[out] = meanOf(stats.item, j);
        c.item_high_share[out] = highShareOf(stats.item, j);
        for (const d of demo) d.out[out] = d.codes[u]!;
        out++;
      }
      if (split[r] === TRAIN) {
        if (L > 0) ring[seen % L] = vocab.itemCode[j]!;
        seen++;
        lastJ = j;
      }
    }
  }
  const columns: Record<string, Column> = { ...c };
  for (const d of demo) columns[d.name] = d.out;
  hist.forEach((h, k) => (columns[`hist_${k}`] = h));
  return table(columns);
}
