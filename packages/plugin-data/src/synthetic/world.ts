/**
 * The planted structure behind the synthetic MovieLens data: per-item latent factors, genres,
 * release years, long-tailed (log-normal) popularity and rating bias; per-user activity. Users'
 * own tastes are drawn on demand from per-user streams (see taste.ts), so a world is O(items) in
 * memory whatever the number of users.
 */
import { AliasTable } from "../util/alias.ts";
import { keyOf, Rng } from "@shortlist/core-gpu/random";
import { GENRE_MOVIES, GENRES } from "./ml-vocabulary.ts";
import type { SyntheticSize } from "./presets.ts";

export interface WorldParams {
  /** Latent dimensions of user and item factors. */
  dims: number;
  /** Softmax temperature of item choice among candidates: lower → choices follow taste more. */
  temperature: number;
  /** Candidates proposed per choice; the user picks one of them by taste. */
  candidates: number;
  /** Share of candidates proposed from the user's favourite genres (∝ popularity within the genre). */
  genreShare: number;
  /** Spread (σ of log) of item popularity and of user activity. */
  popularitySpread: number;
  activitySpread: number;
  /** Weight of the recency drift: as time passes, newer movies gain appeal and older ones lose it. */
  recencyDrift: number;
}

export const DEFAULT_PARAMS: WorldParams = {
  dims: 8,
  temperature: 0.25,
  candidates: 16,
  genreShare: 0.5,
  popularitySpread: 1.1,
  activitySpread: 0.9,
  recencyDrift: 0.6,
};

export interface World extends SyntheticSize {
  seed: number;
  params: WorldParams;
  genreCentroid: Float32Array; // genres × dims
  itemFactor: Float32Array; // items × dims (index = item id − 1)
  itemGenres: Int32Array; // bit g set when the item has genre g
  itemYear: Int32Array;
  /** Release year scaled to [−1, 1] (oldest → −1), the feature the recency drift acts on. */
  itemRecency: Float32Array;
  itemBias: Float32Array;
  itemPopularity: Float64Array;
  popularity: AliasTable;
  /** Per genre: its items (indices) and an alias table over their popularity. */
  genreItems: Int32Array[];
  genrePopularity: AliasTable[];
  /** Per genre: its share of the total popularity (for the proposal probability). */
  genreMass: Float64Array;
  /** Ratings per user (index = user id − 1); sums to `ratings`. */
  activity: Int32Array;
  /** Ordinal cut points: latent rating z → stars (1 + number of cuts below z). */
  cuts: Float64Array;
}

export const KEY_ITEMS = keyOf("items");
export const KEY_ACTIVITY = keyOf("activity");
export const KEY_GENRES = keyOf("genres");

/**
 * Builds the item side and activity of a world (cut points are calibrated afterwards, see calibrate.ts).
 * @example const w = buildWorldItems({ users: 943, items: 1682, ratings: 100000 }, 42)
 */
export function buildWorldItems(size: SyntheticSize, seed: number, params: WorldParams = DEFAULT_PARAMS): World {
  const { dims } = params;
  const G = GENRES.length;
  const gr = new Rng(seed, KEY_GENRES);
  const genreCentroid = new Float32Array(G * dims);
  for (let i = 0; i < genreCentroid.length; i++) genreCentroid[i] = gr.normal() / Math.sqrt(dims);

  const I = size.items;
  const rng = new Rng(seed, KEY_ITEMS);
  const itemFactor = new Float32Array(I * dims);
  const itemGenres = new Int32Array(I);
  const itemYear = new Int32Array(I);
  const itemRecency = new Float32Array(I);
  const itemBias = new Float32Array(I);
  const itemPopularity = new Float64Array(I);
  const weights = Float64Array.from(GENRE_MOVIES);
  for (let i = 0; i < I; i++) {
    const chosen = pickGenres(rng, weights);
    itemGenres[i] = chosen.reduce((m, g) => m | (1 << g), 0);
    for (let d = 0; d < dims; d++) {
      let c = 0;
      for (const g of chosen) c += genreCentroid[g * dims + d]!;
      itemFactor[i * dims + d] = c / chosen.length + (0.5 * rng.normal()) / Math.sqrt(dims);
    }
    // Release years skew recent, as in MovieLens (most movies from the 1990s).
    itemYear[i] = Math.max(1919, 2000 - Math.floor(-Math.log(1 - rng.float()) * 11));
    itemRecency[i] = ((itemYear[i]! - 1919) / (2000 - 1919)) * 2 - 1;
    itemBias[i] = 0.4 * rng.normal();
    itemPopularity[i] = Math.exp(params.popularitySpread * rng.normal());
  }
  const genreItems: Int32Array[] = [];
  const genrePopularity: AliasTable[] = [];
  const genreMass = new Float64Array(G);
  let totalPopularity = 0;
  for (let i = 0; i < I; i++) totalPopularity += itemPopularity[i]!;
  for (let g = 0; g < G; g++) {
    const members: number[] = [];
    for (let i = 0; i < I; i++) if (itemGenres[i]! & (1 << g)) members.push(i);
    // A genre no item drew (tiny catalogues) proposes from the whole catalogue instead.
    const items = members.length > 0 ? Int32Array.from(members) : Int32Array.from({ length: I }, (_, i) => i);
    const w = Float64Array.from(items, (i) => itemPopularity[i]!);
    genreItems.push(items);
    genrePopularity.push(new AliasTable(w));
    genreMass[g] = w.reduce((a, b) => a + b, 0) / totalPopularity;
  }
  return {
    ...size,
    seed,
    params,
    genreCentroid,
    itemFactor,
    itemGenres,
    itemYear,
    itemRecency,
    itemBias,
    itemPopularity,
    popularity: new AliasTable(itemPopularity),
    genreItems,
    genrePopularity,
    genreMass,
    activity: userActivity(size, seed, params.activitySpread),
    cuts: new Float64Array([-1.6, -1.0, -0.2, 0.7]),
  };
}

/** One to three distinct genres, the first ∝ ML-1M genre frequency. */
function pickGenres(rng: Rng, weights: Float64Array): number[] {
  const n = 1 + (rng.float() < 0.5 ? 1 : 0) + (rng.float() < 0.2 ? 1 : 0);
  const w = weights.slice();
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const g = rng.pick(w);
    out.push(g);
    w[g] = 0;
  }
  return out;
}

/**
 * Ratings per user: a floor (ML-1M's 20 where the size allows it) plus a log-normal share of the
 * rest, capped at half the catalogue, with largest-remainder rounding so the total is exact.
 * @example userActivity({ users: 943, items: 1682, ratings: 100_000 }, 42, 0.9) // sums to 100000
 */
export function userActivity(size: SyntheticSize, seed: number, spread: number): Int32Array {
  const { users: U, items: I, ratings: R } = size;
  const cap = Math.max(1, Math.floor(I / 2));
  if (R > U * cap) throw new RangeError(`${R} ratings do not fit ${U} users × ${I} items (each user rates at most half the items: ${U * cap}); raise users or items`);
  const floor = Math.min(20, Math.floor(R / U), cap);
  const rng = new Rng(seed, KEY_ACTIVITY);
  const w = new Float64Array(U);
  for (let u = 0; u < U; u++) w[u] = Math.exp(spread * rng.normal());
  const out = new Int32Array(U).fill(floor);
  let left = R - floor * U;
  const open = new Uint8Array(U).fill(1);
  // Water-filling: share the rest ∝ weight; users that hit the cap drop out and the rest re-share.
  while (left > 0) {
    let total = 0;
    for (let u = 0; u < U; u++) if (open[u]) total += w[u]!;
    const frac = new Float64Array(U);
    let given = 0;
    let capped = false;
    for (let u = 0; u < U; u++) {
      if (!open[u]) continue;
      const want = (left * w[u]!) / total;
      const room = cap - out[u]!;
      if (want >= room) {
        out[u] = cap;
        open[u] = 0;
        given += room;
        capped = true;
      } else {
        const whole = Math.floor(want);
        out[u]! += whole;
        given += whole;
        frac[u] = want - whole;
      }
    }
    left -= given;
    if (capped) continue;
    // Largest remainders take the last units; ties go to the lower user id.
    const order = Array.from({ length: U }, (_, u) => u).filter((u) => open[u] && out[u]! < cap);
    order.sort((a, b) => frac[b]! - frac[a]! || a - b);
    for (let j = 0; j < order.length && left > 0; j++, left--) out[order[j]!]!++;
  }
  return out;
}
