/**
 * The feature tables sinks publish for serving, in MetaSpore's shapes: `features.user` (MetaSpore's
 * `user` collection: the user's recent training items oldest first, last item and genre, plus
 * statistics and demographics), `features.item` (`item`: title, genres, year, codes),
 * `features.item_feature` (`item_feature`: item and main-genre statistics) and `features.genre`.
 * Every statistic and sequence comes from the training split.
 */
import { int32Lists, table, type Column, type Table } from "@shortlist/runner";
import type { DenseIds } from "../util/dense-ids.ts";
import type { UserRuns } from "../util/order-rows.ts";
import type { Indexed } from "./interactions.ts";
import type { ItemInfo, UserInfo } from "./side-tables.ts";
import { TRAIN } from "./split.ts";
import { highShareOf, meanOf, type TrainStats } from "./stats.ts";
import type { Vocab } from "./vocab.ts";

/** Sorted union of the ids in interactions and in a side table. */
function universe(dense: DenseIds, side: Map<number, number>): Int32Array {
  const extra = [...side.keys()].filter((id) => dense.lookup(id) < 0);
  if (extra.length === 0) return dense.ids;
  const all = new Int32Array(dense.ids.length + extra.length);
  all.set(dense.ids);
  all.set(extra, dense.ids.length);
  return all.sort();
}

/** Genre id of the first genre on items-table row `row` (-1 without a row or genres). */
function firstGenreOfRow(items: ItemInfo, row: number): number {
  return row >= 0 && items.genreStart[row + 1]! > items.genreStart[row]! ? items.genreIds[items.genreStart[row]!]! : -1;
}

/**
 * Genre id of a dense item's first genre (-1 when unknown).
 * @example mainGenre(items, stats, j) // e.g. 3; items.genreNames[3] is its name
 */
export function mainGenre(items: ItemInfo, stats: TrainStats, j: number): number {
  return firstGenreOfRow(items, j >= 0 ? stats.itemRow[j]! : -1);
}

/**
 * `recent_items` is a list column (`t.lists.recent_items`, parquet LIST<INT32>), oldest first.
 * @example listAt(userFeatures(it, runs, split, stats, vocab, users, items, 10).lists!.recent_items!, 0) // Int32Array [12, 7, 40]
 */
export function userFeatures(it: Indexed, runs: UserRuns, split: Uint8Array, stats: TrainStats, vocab: Vocab, users: UserInfo, items: ItemInfo, maxLen: number): Table {
  const ids = universe(it.users, users.rowOf);
  const n = ids.length;
  const count = new Int32Array(n);
  const mean = new Float32Array(n);
  const high = new Float32Array(n);
  const code = new Int32Array(n);
  const recent: number[][] = new Array(n);
  const lastItem = new Int32Array(n).fill(-1);
  const lastGenre: string[] = new Array(n).fill("");
  const demo: Record<string, Column> = {};
  for (const [name, col] of Object.entries(users.columns)) {
    demo[name] = Array.isArray(col) ? new Array<string>(n).fill("") : new (col.constructor as new (n: number) => Exclude<Column, string[]>)(n);
  }
  for (let k = 0; k < n; k++) {
    const row = users.rowOf.get(ids[k]!);
    if (row !== undefined) for (const [name, col] of Object.entries(users.columns)) demo[name]![k] = col[row]! as never;
    const u = it.users.lookup(ids[k]!);
    if (u < 0) {
      recent[k] = [];
      continue;
    }
    count[k] = stats.user.count[u]!;
    mean[k] = meanOf(stats.user, u);
    high[k] = highShareOf(stats.user, u);
    code[k] = vocab.userCode[u]!;
    // Walk back from the user's latest row, keeping training rows only.
    const seq: number[] = [];
    let lastJ = -1;
    for (let p = runs.start[u + 1]! - 1; p >= runs.start[u]! && seq.length < Math.max(maxLen, 1); p--) {
      const r = runs.order[p]!;
      if (split[r] !== TRAIN) continue;
      if (lastJ < 0) lastJ = it.items.index[r]!;
      seq.push(it.item[r]!);
    }
    recent[k] = maxLen > 0 ? seq.reverse() : [];
    if (lastJ >= 0) {
      lastItem[k] = it.items.ids[lastJ]!;
      const g = mainGenre(items, stats, lastJ);
      lastGenre[k] = g >= 0 ? items.genreNames[g]! : "";
    }
  }
  return table({ user: ids, ...demo, user_code: code, count, mean_rating: mean, high_share: high, last_item: lastItem, last_genre: lastGenre }, { recent_items: int32Lists(recent) });
}

/**
 * features.item and features.item_feature over the union of trained and catalogued items.
 * @example const { item, itemFeature } = itemFeatures(it, stats, vocab, items)
 */
export function itemFeatures(it: Indexed, stats: TrainStats, vocab: Vocab, items: ItemInfo): { item: Table; itemFeature: Table } {
  const ids = universe(it.items, items.rowOf);
  const n = ids.length;
  const title: string[] = new Array(n);
  const genres: string[] = new Array(n);
  const year = new Int32Array(n);
  const code = new Int32Array(n);
  const genreCode = new Int32Array(n);
  const count = new Int32Array(n);
  const mean = new Float32Array(n);
  const high = new Float32Array(n);
  const genre: string[] = new Array(n);
  const gCount = new Int32Array(n);
  const gMean = new Float32Array(n);
  const gHigh = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const row = items.rowOf.get(ids[k]!);
    title[k] = row !== undefined ? items.title[row]! : "";
    genres[k] = row !== undefined ? items.genres[row]! : "";
    year[k] = row !== undefined ? items.year[row]! : 0;
    const g = firstGenreOfRow(items, row ?? -1);
    genre[k] = g >= 0 ? items.genreNames[g]! : "";
    if (g >= 0) {
      genreCode[k] = vocab.genreCode[g]!;
      gCount[k] = stats.genre.count[g]!;
      gMean[k] = meanOf(stats.genre, g);
      gHigh[k] = highShareOf(stats.genre, g);
    }
    const j = it.items.lookup(ids[k]!);
    if (j < 0) continue;
    code[k] = vocab.itemCode[j]!;
    count[k] = stats.item.count[j]!;
    mean[k] = meanOf(stats.item, j);
    high[k] = highShareOf(stats.item, j);
  }
  return {
    item: table({ item: ids, title, genres, year, item_code: code, genre_code: genreCode }),
    itemFeature: table({ item: ids, count, mean_rating: mean, high_share: high, genre, genre_count: gCount, genre_mean_rating: gMean, genre_high_share: gHigh }),
  };
}

/**
 * features.genre: one row per genre, in vocabulary order, then genres never trained on.
 * @example genreFeatures(stats, vocab, items).columns.genre // ["Drama", "Comedy", …]
 */
export function genreFeatures(stats: TrainStats, vocab: Vocab, items: ItemInfo): Table {
  const G = items.genreNames.length;
  const order = Array.from({ length: G }, (_, g) => g).sort((a, b) => (vocab.genreCode[a]! || G + 1 + a) - (vocab.genreCode[b]! || G + 1 + b));
  return table({
    genre: order.map((g) => items.genreNames[g]!),
    genre_code: Int32Array.from(order, (g) => vocab.genreCode[g]!),
    count: Int32Array.from(order, (g) => stats.genre.count[g]!),
    mean_rating: Float32Array.from(order, (g) => meanOf(stats.genre, g)),
    high_share: Float32Array.from(order, (g) => highShareOf(stats.genre, g)),
  });
}
