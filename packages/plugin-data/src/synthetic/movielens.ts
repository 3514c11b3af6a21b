/**
 * The synthetic MovieLens generator's entry points: build a world for a size and seed, then its
 * users, items and ratings tables in the shapes `data.movielens` produces for real data.
 */
import { table, type Table } from "@shortlist/runner";
import { calibrateCuts } from "./calibrate.ts";
import { GENRES } from "./ml-vocabulary.ts";
import type { SyntheticSize } from "./presets.ts";
import { generateRatings } from "./ratings.ts";
import { tasteOf } from "./taste.ts";
import { buildWorldItems, DEFAULT_PARAMS, type World, type WorldParams } from "./world.ts";

/**
 * @example const w = buildWorld({ users: 943, items: 1682, ratings: 100_000 }, 42)
 */
export function buildWorld(size: SyntheticSize, seed: number, params: Partial<WorldParams> = {}): World {
  const world = buildWorldItems(size, seed, { ...DEFAULT_PARAMS, ...params });
  calibrateCuts(world);
  return world;
}

/**
 * users { user, gender, age, occupation, zip } in ML-1M's coding (age bucket and occupation codes).
 * @example usersTable(buildWorld(PRESETS["ml-1m"], 42)).length // 6040
 */
export function usersTable(world: World): Table {
  const U = world.users;
  const gender: string[] = new Array(U);
  const age = new Int32Array(U);
  const occupation = new Int32Array(U);
  const zip: string[] = new Array(U);
  for (let u = 1; u <= U; u++) {
    const t = tasteOf(world, u);
    gender[u - 1] = t.gender;
    age[u - 1] = t.age;
    occupation[u - 1] = t.occupation;
    zip[u - 1] = t.zip;
  }
  return table({ user: Int32Array.from({ length: U }, (_, i) => i + 1), gender, age, occupation, zip });
}

/**
 * items { item, title, genres, year }.
 * @example itemsTable(world).columns.genres[0] // e.g. "Comedy|Romance"
 */
export function itemsTable(world: World): Table {
  const I = world.items;
  const title: string[] = new Array(I);
  const genres: string[] = new Array(I);
  for (let i = 0; i < I; i++) {
    title[i] = `Synthetic Movie ${i + 1} (${world.itemYear[i]})`;
    genres[i] = GENRES.filter((_, g) => world.itemGenres[i]! & (1 << g)).join("|");
  }
  return table({ item: Int32Array.from({ length: I }, (_, i) => i + 1), title, genres, year: world.itemYear.slice() });
}

/**
 * interactions { user, item, rating, timestamp }, sorted by user then time.
 * @example interactionsTable(world, (done) => console.log(done)).length // world.ratings
 */
export function interactionsTable(world: World, onChunk?: (rowsDone: number) => void): Table {
  const r = generateRatings(world, onChunk);
  return table({ user: r.user, item: r.item, rating: r.rating, timestamp: r.timestamp });
}
