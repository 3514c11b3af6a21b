/**
 * A synthetic user: demographics, a taste that drifts from `early` to `late` over the user's active
 * window, genre affinities, a rating bias, and that window. Drawn from the user's own stream, so
 * any user can be recreated alone (the learnability test's oracle does exactly that).
 */
import { keyOf, Rng } from "@shortlist/core-gpu/random";
import { AGE_CODES, AGE_USERS, GENRES, OCCUPATION_USERS, SHARE_MALE, TIME_FIRST, TIME_LAST } from "./ml-vocabulary.ts";
import type { World } from "./world.ts";

export interface Taste {
  gender: "M" | "F";
  age: number;
  occupation: number;
  zip: string;
  early: Float32Array;
  late: Float32Array;
  genreAffinity: Float32Array;
  /** Genres with positive affinity: half of the candidates come from these. */
  favourites: Int32Array;
  bias: number;
  /** Active window in unix seconds. */
  from: number;
  to: number;
}

export const KEY_USER = keyOf("user");
const KEY_DEMOGRAPHIC = keyOf("demographic");

/**
 * @example const t = tasteOf(world, 1); t.gender // "M" or "F", the same every run
 */
export function tasteOf(world: World, user: number): Taste {
  const rng = new Rng(world.seed, KEY_USER, user);
  const { dims } = world.params;
  const gender = rng.float() < SHARE_MALE ? "M" : "F";
  const ageBucket = rng.pick(AGE_USERS);
  const occupation = rng.pick(OCCUPATION_USERS);
  const zip = String(rng.int(100_000)).padStart(5, "0");
  // Two or three favourite genres shape the taste; one disliked genre pushes away.
  const G = GENRES.length;
  const genreAffinity = new Float32Array(G);
  const favourites = 2 + (rng.float() < 0.5 ? 1 : 0);
  for (let k = 0; k < favourites; k++) genreAffinity[rng.int(G)] = 0.35 + 0.25 * rng.float();
  genreAffinity[rng.int(G)] = -0.5;
  // Demographic groups share a small offset, so demographics carry some signal for rankers.
  const group = new Rng(world.seed, KEY_DEMOGRAPHIC, gender === "M" ? 1 : 2, ageBucket);
  const early = new Float32Array(dims);
  const late = new Float32Array(dims);
  const norm = Math.sqrt(dims);
  for (let d = 0; d < dims; d++) {
    let centre = 0;
    for (let g = 0; g < G; g++) if (genreAffinity[g]! > 0) centre += genreAffinity[g]! * world.genreCentroid[g * dims + d]!;
    early[d] = 1.2 * centre + (0.3 * group.normal() + 0.6 * rng.normal()) / norm;
    late[d] = early[d]! + (0.45 * rng.normal()) / norm;
  }
  // Most users join early and rate within days; a few stay for years (as in ML-1M).
  const span = TIME_LAST - TIME_FIRST;
  const from = TIME_FIRST + Math.floor(span * rng.float() ** 2);
  const stay = Math.min(TIME_LAST - from, Math.max(86_400, Math.floor(span * 0.12 * -Math.log(1 - rng.float()))));
  return {
    gender,
    age: AGE_CODES[ageBucket]!,
    occupation,
    zip,
    early,
    late,
    genreAffinity,
    favourites: Int32Array.from(genreAffinity.keys()).filter((g) => genreAffinity[g]! > 0),
    bias: 0.35 * rng.normal(),
    from,
    to: from + stay,
  };
}

/**
 * How much `taste` likes item index `i` at fraction `f` of the user's window and global time
 * fraction `g` (0 = first rating in the data, 1 = last): the planted signal behind choices and ratings.
 * @example affinity(world, tasteOf(world, 1), 0, 1, 0.5) // taste of user 1 for movie 1 at the end of their window
 */
export function affinity(world: World, taste: Taste, i: number, f: number, g: number): number {
  const { dims } = world.params;
  const base = i * dims;
  let early = 0;
  let late = 0;
  for (let d = 0; d < dims; d++) {
    const v = world.itemFactor[base + d]!;
    early += taste.early[d]! * v;
    late += taste.late[d]! * v;
  }
  let genre = 0;
  const mask = world.itemGenres[i]!;
  for (let gi = 0; gi < taste.genreAffinity.length; gi++) if (mask & (1 << gi)) genre += taste.genreAffinity[gi]!;
  return (1 - f) * early + f * late + genre + world.params.recencyDrift * (2 * g - 1) * world.itemRecency[i]!;
}

/**
 * Probability that one candidate proposal for `taste` is item index `i`: a mix of global popularity
 * and popularity within one of the user's favourite genres (what drawUser samples from).
 * @example proposalProbability(world, tasteOf(world, 1), 0, totalPopularity) // ≈ 1e-4
 */
export function proposalProbability(world: World, taste: Taste, i: number, totalPopularity: number): number {
  const p = world.itemPopularity[i]! / totalPopularity;
  const share = taste.favourites.length > 0 ? world.params.genreShare : 0;
  let fromGenres = 0;
  for (const g of taste.favourites) {
    if (world.genreItems[g]!.length === world.items || world.itemGenres[i]! & (1 << g)) fromGenres += p / world.genreMass[g]!;
  }
  return (1 - share) * p + (share * fromGenres) / Math.max(1, taste.favourites.length);
}
