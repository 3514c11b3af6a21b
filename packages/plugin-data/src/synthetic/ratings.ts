/**
 * Generates the ratings of a synthetic MovieLens world, user by user. Each user's ratings come from
 * that user's own stream, so the bytes depend only on the seed and sizes — not on chunking. Memory
 * stays bounded: the only per-rating state is the output itself (streamed in chunks if wanted).
 */
import { keyOf, Rng } from "@shortlist/core-gpu/random";
import { TIME_FIRST, TIME_LAST } from "./ml-vocabulary.ts";
import { affinity, tasteOf } from "./taste.ts";
import type { World } from "./world.ts";

export interface RatingColumns {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  timestamp: Int32Array;
}

const KEY_RATINGS = keyOf("ratings");
/** Weight of taste in the latent rating and the noise around it. */
const TASTE_IN_RATING = 0.9;
const RATING_NOISE = 0.55;

/**
 * Draws user `u`'s `n` ratings in time order and reports each as (item index, time, latent z).
 * `seen` is scratch of length items, stamped with the user id to forbid repeats.
 * @example drawUser(world, 1, 20, new Int32Array(world.items), (item, time, z) => …)
 */
export function drawUser(world: World, u: number, n: number, seen: Int32Array, emit: (item: number, time: number, z: number) => void): void {
  if (n === 0) return;
  const taste = tasteOf(world, u);
  const rng = new Rng(world.seed, KEY_RATINGS, u);
  const times = new Float64Array(n);
  const window = taste.to - taste.from;
  for (let j = 0; j < n; j++) times[j] = taste.from + Math.floor(rng.float() * (window + 1));
  times.sort();
  const { temperature, candidates, dims, recencyDrift } = world.params;
  const { itemFactor, itemGenres, itemRecency, popularity, genreItems, genrePopularity, params } = world;
  const favourites = taste.favourites;
  const genreShare = favourites.length > 0 ? params.genreShare : 0;
  const span = TIME_LAST - TIME_FIRST;
  const pref = new Float64Array(dims);
  const candItem = new Int32Array(candidates);
  const candScore = new Float64Array(candidates);
  const candWeight = new Float64Array(candidates);
  for (let j = 0; j < n; j++) {
    const t = times[j]!;
    const f = window > 0 ? (t - taste.from) / window : 1;
    const drift = recencyDrift * (2 * ((t - TIME_FIRST) / span) - 1);
    // The taste at this moment (same formula as affinity(), hoisted out of the candidate loop).
    for (let d = 0; d < dims; d++) pref[d] = (1 - f) * taste.early[d]! + f * taste.late[d]!;
    // Propose ∝ popularity (half from the favourite genres), then choose among the candidates
    // ∝ exp(affinity / temperature): sampling-importance-resampling of proposal × exp(taste),
    // cheap for any catalogue size.
    let m = 0;
    let total = 0;
    for (let attempt = 0; attempt < 8 && m === 0; attempt++) {
      for (let c = 0; c < candidates; c++) {
        let i: number;
        const x = rng.float();
        if (x < genreShare) {
          // One draw picks both the branch and the favourite genre.
          const g = favourites[Math.floor((x / genreShare) * favourites.length)]!;
          i = genreItems[g]![genrePopularity[g]!.sample(rng)]!;
        } else i = popularity.sample(rng);
        if (seen[i] === u) continue;
        let s = genreAffinity(taste.genreAffinity, itemGenres[i]!) + drift * itemRecency[i]!;
        const base = i * dims;
        for (let d = 0; d < dims; d++) s += pref[d]! * itemFactor[base + d]!;
        const w = Math.exp(s / temperature);
        candItem[m] = i;
        candScore[m] = s;
        candWeight[m] = w;
        total += w;
        m++;
      }
    }
    let best: number;
    let bestScore: number;
    if (m > 0) {
      let x = rng.float() * total;
      let k = 0;
      while (k < m - 1 && (x -= candWeight[k]!) >= 0) k++;
      best = candItem[k]!;
      bestScore = candScore[k]!;
    } else {
      // The popular part of the catalogue is used up: take the next unseen item from a random start.
      best = rng.int(world.items);
      while (seen[best] === u) best = (best + 1) % world.items;
      bestScore = affinity(world, taste, best, f, (t - TIME_FIRST) / span);
    }
    seen[best] = u;
    const z = taste.bias + world.itemBias[best]! + TASTE_IN_RATING * bestScore + RATING_NOISE * rng.normal();
    emit(best, t, z);
  }
}

/** Sum of the user's affinities over the genres set in `mask` (at most three bits). */
function genreAffinity(aff: Float32Array, mask: number): number {
  let s = 0;
  while (mask !== 0) {
    const low = mask & -mask;
    s += aff[31 - Math.clz32(low)]!;
    mask ^= low;
  }
  return s;
}

/**
 * Stars from a latent rating: 1 + the number of cut points below it.
 * @example starsOf(new Float64Array([-1, 0, 1, 2]), 0.5) // 3
 */
export function starsOf(cuts: Float64Array, z: number): number {
  let r = 1;
  for (let k = 0; k < cuts.length; k++) if (z > cuts[k]!) r++;
  return r;
}

/**
 * Writes users [from, to) (1-based ids) into `out` starting at row `offset`; returns the next row.
 * @example const next = fillUsers(world, 1, 101, out, 0, new Int32Array(world.items)) // users 1..100
 */
export function fillUsers(world: World, from: number, to: number, out: RatingColumns, offset: number, seen: Int32Array): number {
  let row = offset;
  for (let u = from; u < to; u++) {
    drawUser(world, u, world.activity[u - 1]!, seen, (item, time, z) => {
      out.user[row] = u;
      out.item[row] = item + 1;
      out.rating[row] = starsOf(world.cuts, z);
      out.timestamp[row] = time;
      row++;
    });
  }
  return row;
}

/**
 * Streams the ratings in chunks of `chunkUsers` users: each chunk is freshly allocated and only as
 * large as its users' ratings, so a consumer that writes chunks out keeps memory bounded.
 * @example for (const c of ratingChunks(world)) writer.append(c)
 */
export function* ratingChunks(world: World, chunkUsers = 4096): Generator<RatingColumns & { firstUser: number }> {
  const seen = new Int32Array(world.items);
  for (let from = 1; from <= world.users; from += chunkUsers) {
    const to = Math.min(world.users + 1, from + chunkUsers);
    let n = 0;
    for (let u = from; u < to; u++) n += world.activity[u - 1]!;
    const chunk = { user: new Int32Array(n), item: new Int32Array(n), rating: new Float32Array(n), timestamp: new Int32Array(n) };
    fillUsers(world, from, to, chunk, 0, seen);
    yield { ...chunk, firstUser: from };
  }
}

/**
 * All ratings in exact-size arrays, generated chunk by chunk straight into place (sorted by user,
 * then time). `onChunk` reports progress and may throw to abort.
 * @example generateRatings(world).rating.length // world.ratings
 */
export function generateRatings(world: World, onChunk?: (rowsDone: number) => void, chunkUsers = 4096): RatingColumns {
  const R = world.ratings;
  const out = { user: new Int32Array(R), item: new Int32Array(R), rating: new Float32Array(R), timestamp: new Int32Array(R) };
  const seen = new Int32Array(world.items);
  let row = 0;
  for (let from = 1; from <= world.users; from += chunkUsers) {
    row = fillUsers(world, from, Math.min(world.users + 1, from + chunkUsers), out, row, seen);
    onChunk?.(row);
  }
  return out;
}
