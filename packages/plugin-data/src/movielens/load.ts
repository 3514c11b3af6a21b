/**
 * Loads a MovieLens folder in any of the three layouts into the shared artifact shapes:
 * interactions { user, item, rating, timestamp }, users { user, …demographics }, items
 * { item, title, genres, year }, tags { user, item, tag, timestamp } (empty where the format has none).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { table, UserError, type Column, type Table } from "@shortlist/runner";
import type { BadRows } from "../io/bad-rows.ts";
import { requireFile, type Encoding } from "../io/text-file.ts";
import { distinctSorted } from "../util/dense-ids.ts";
import { detectLayout, type MovieLensLayout } from "./detect.ts";
import { readRatings } from "./ratings.ts";
import {
  readCsvMovies,
  readDatMovies,
  readMl100kGenres,
  readMl100kItems,
  readMl100kUsers,
  readMl1mUsers,
  readTags,
  type Items,
  type Tags,
} from "./side-files.ts";

export interface MovieLensTables {
  layout: MovieLensLayout;
  interactions: Table;
  users: Table;
  items: Table;
  tags: Table;
}

/**
 * @example const ml = loadMovieLens("/data/ml-100k", new BadRows("fail")); ml.interactions.length // 100000
 */
export function loadMovieLens(folder: string, bad: BadRows, encoding?: Encoding): MovieLensTables {
  const layout = detectLayout(folder);
  const need = (file: string, example: string) => {
    const p = join(folder, file);
    if (!existsSync(p)) throw new UserError(`data.movielens: ${folder} looks like ${layout} but ${file} is missing; copy the complete dataset folder`);
    requireFile(p, example);
    return p;
  };
  if (layout === "ml-1m") {
    const enc = encoding ?? "latin1";
    const items = readDatMovies(need("movies.dat", "1::Toy Story (1995)::Animation"), enc, bad);
    // ML-10M has no users.dat: then users come from the ratings.
    const usersCols = existsSync(join(folder, "users.dat")) ? readMl1mUsers(need("users.dat", "1::F::1::10::48067"), bad) : undefined;
    const ratings = readRatings(
      need("ratings.dat", "1::1193::5::978300760"),
      { separator: "::", header: false, example: "1::1193::5::978300760", knownUsers: usersCols && new Set(usersCols.user as Int32Array), usersFile: "users.dat", knownItems: new Set(items.item), itemsFile: "movies.dat" },
      bad,
    );
    const tags = existsSync(join(folder, "tags.dat")) ? readTags(need("tags.dat", "15::4973::excellent!::1215184630"), enc, false, bad) : undefined;
    return assemble(layout, ratings, usersCols, items, tags);
  }
  if (layout === "ml-100k") {
    const enc = encoding ?? "latin1";
    const genres = existsSync(join(folder, "u.genre")) ? readMl100kGenres(join(folder, "u.genre"), bad) : undefined;
    const items = readMl100kItems(need("u.item", "1|Toy Story (1995)|01-Jan-1995||http://…|0|0|…"), enc, bad, genres);
    const usersCols = readMl100kUsers(need("u.user", "1|24|M|technician|85711"), bad);
    const ratings = readRatings(
      need("u.data", "196\t242\t3\t881250949"),
      { separator: "\t", header: false, example: "196\\t242\\t3\\t881250949", knownUsers: new Set(usersCols.user as Int32Array), usersFile: "u.user", knownItems: new Set(items.item), itemsFile: "u.item" },
      bad,
    );
    return assemble(layout, ratings, usersCols, items, undefined);
  }
  const enc = encoding ?? "utf-8";
  const items = readCsvMovies(need("movies.csv", "1,Toy Story (1995),Adventure|Animation"), enc, bad);
  const ratings = readRatings(
    need("ratings.csv", "1,1,4.0,964982703"),
    { separator: ",", header: true, example: "1,1,4.0,964982703", columns: ["userId", "movieId", "rating", "timestamp"], knownItems: new Set(items.item), itemsFile: "movies.csv" },
    bad,
  );
  const tags = existsSync(join(folder, "tags.csv")) ? readTags(need("tags.csv", "2,60756,funny,1445714994"), enc, true, bad) : undefined;
  return assemble(layout, ratings, undefined, items, tags);
}

function assemble(
  layout: MovieLensLayout,
  ratings: ReturnType<typeof readRatings>,
  users: Record<string, Column> | undefined,
  items: Items,
  tags: Tags | undefined,
): MovieLensTables {
  const usersTable = users ? table(users) : table({ user: distinctSorted(ratings.user) });
  return {
    layout,
    interactions: table({ user: ratings.user, item: ratings.item, rating: ratings.rating, timestamp: ratings.timestamp }),
    users: usersTable,
    items: table({ item: Int32Array.from(items.item), title: items.title, genres: items.genres, year: Int32Array.from(items.year) }),
    tags: table({
      user: Int32Array.from(tags?.user ?? []),
      item: Int32Array.from(tags?.item ?? []),
      tag: tags?.tag ?? [],
      timestamp: Int32Array.from(tags?.timestamp ?? []),
    }),
  };
}
