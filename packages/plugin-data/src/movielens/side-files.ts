/**
 * Readers for the MovieLens side files: users (demographics) and movies (title, genres, year),
 * and tags, in each format's own layout. Each returns plain columns; the stage builds tables.
 */
import type { Column } from "@shortlist/runner";
import type { BadRows } from "../io/bad-rows.ts";
import type { Problem } from "../io/columns.ts";
import { quoted } from "../io/echo.ts";
import type { Encoding } from "../io/text-file.ts";
import { intField } from "../io/value-problems.ts";
import { intAt, readDelimited, type ColumnProblem } from "./delimited.ts";
import { ML100K_GENRES, normaliseGenres, yearOf } from "./genres.ts";

export interface Items {
  item: number[];
  title: string[];
  genres: string[];
  year: number[];
}

export interface Tags {
  user: number[];
  item: number[];
  tag: string[];
  timestamp: number[];
}

/**
 * ML-1M users.dat: UserID::Gender::Age::Occupation::Zip-code (age and occupation are codes).
 * @example readMl1mUsers("/data/ml-1m/users.dat", bad).gender // ["F", "M", …]
 */
export function readMl1mUsers(path: string, bad: BadRows): Record<string, Column> {
  const user: number[] = [];
  const gender: string[] = [];
  const age: number[] = [];
  const occupation: number[] = [];
  const zip: string[] = [];
  const f = { separator: "::", encoding: "latin1" as const, columns: ["user id", "gender", "age", "occupation", "zip"], header: false, example: "1::F::1::10::48067" };
  readDelimited(path, f, bad, (fields, at) => {
    const id = intAt(fields, 0, at);
    if (typeof id !== "number") return id;
    const ag = intAt(fields, 2, at);
    if (typeof ag !== "number") return ag;
    const oc = intAt(fields, 3, at);
    if (typeof oc !== "number") return oc;
    user.push(id), gender.push(fields[1]!), age.push(ag), occupation.push(oc), zip.push(fields[4]!);
    return null;
  });
  return { user: Int32Array.from(user), gender, age: Int32Array.from(age), occupation: Int32Array.from(occupation), zip };
}

/**
 * ML-100K u.user: id|age|gender|occupation|zip.
 * @example readMl100kUsers("/data/ml-100k/u.user", bad).occupation // ["technician", …]
 */
export function readMl100kUsers(path: string, bad: BadRows): Record<string, Column> {
  const user: number[] = [];
  const age: number[] = [];
  const gender: string[] = [];
  const occupation: string[] = [];
  const zip: string[] = [];
  const f = { separator: "|", encoding: "latin1" as const, columns: ["user id", "age", "gender", "occupation", "zip"], header: false, example: "1|24|M|technician|85711" };
  readDelimited(path, f, bad, (fields, at) => {
    const id = intAt(fields, 0, at);
    if (typeof id !== "number") return id;
    const ag = intAt(fields, 1, at);
    if (typeof ag !== "number") return ag;
    user.push(id), age.push(ag), gender.push(fields[2]!), occupation.push(fields[3]!), zip.push(fields[4]!);
    return null;
  });
  return { user: Int32Array.from(user), gender, age: Int32Array.from(age), occupation, zip };
}

/**
 * ML-1M / ML-10M movies.dat: MovieID::Title::Genres (Latin-1 titles).
 * @example readDatMovies("/data/ml-1m/movies.dat", "latin1", bad).title[0] // "Toy Story (1995)"
 */
export function readDatMovies(path: string, encoding: Encoding, bad: BadRows): Items {
  const out: Items = { item: [], title: [], genres: [], year: [] };
  const f = { separator: "::", encoding, columns: ["movie id", "title", "genres"], header: false, example: "1::Toy Story (1995)::Animation|Children's|Comedy" };
  readDelimited(path, f, bad, (fields, at) => pushMovie(out, fields, at));
  return out;
}

/**
 * ml-latest movies.csv: movieId,title,genres with a header and quoted titles.
 * @example readCsvMovies("/data/ml-latest-small/movies.csv", "utf-8", bad).year[0] // 1995
 */
export function readCsvMovies(path: string, encoding: Encoding, bad: BadRows): Items {
  const out: Items = { item: [], title: [], genres: [], year: [] };
  const f = { separator: "csv", encoding, columns: ["movieId", "title", "genres"], header: true, example: "1,Toy Story (1995),Adventure|Animation" };
  readDelimited(path, f, bad, (fields, at) => pushMovie(out, fields, at));
  return out;
}

/** movies.dat and movies.csv rows: id, title, genres. */
function pushMovie(out: Items, fields: string[], at: ColumnProblem): Problem | null {
  const id = intAt(fields, 0, at);
  if (typeof id !== "number") return id;
  const [title, genres] = [fields[1]!, fields[2]!];
  out.item.push(id), out.title.push(title.trim()), out.genres.push(normaliseGenres(genres)), out.year.push(yearOf(title));
  return null;
}

/**
 * ML-100K u.item: id|title|release date|video release date|IMDb URL|19 genre flags (0/1).
 * @example readMl100kItems("/data/ml-100k/u.item", "latin1", bad).genres[0] // "Animation|Children's|Comedy"
 */
export function readMl100kItems(path: string, encoding: Encoding, bad: BadRows, genreNames: readonly string[] = ML100K_GENRES): Items {
  const out: Items = { item: [], title: [], genres: [], year: [] };
  const nFlags = genreNames.length;
  const columns = ["movie id", "title", "release date", "video release date", "IMDb URL", ...genreNames.map((g, k) => `genre flag ${k + 1}, ${g}`)];
  const f = { separator: "|", encoding, columns, header: false, example: "1|Toy Story (1995)|01-Jan-1995||http://…|0|0|0|1|1|1|0|…" };
  readDelimited(path, f, bad, (fields, at) => {
    const id = intAt(fields, 0, at);
    if (typeof id !== "number") return id;
    const names: string[] = [];
    for (let g = 0; g < nFlags; g++) {
      const flag = fields[5 + g]!;
      if (flag !== "0" && flag !== "1") return at(5 + g, `${quoted(flag)}, expected 0 or 1`);
      if (flag === "1") names.push(genreNames[g]!);
    }
    out.item.push(id), out.title.push(fields[1]!.trim()), out.genres.push(names.join("|")), out.year.push(yearOf(fields[1]!, fields[2]));
    return null;
  });
  return out;
}

/**
 * ML-100K u.genre: name|index lines, in flag order.
 * @example readMl100kGenres("/data/ml-100k/u.genre", bad)[1] // "Action"
 */
export function readMl100kGenres(path: string, bad: BadRows): string[] {
  const names: string[] = [];
  const f = { separator: "|", encoding: "latin1" as const, columns: ["genre", "index"], header: false, example: "Action|1" };
  readDelimited(path, f, bad, ([name, idx], at) => {
    if (intField(idx!) !== names.length) return at(1, `${quoted(idx!)} should be ${names.length} (lines in order)`);
    names.push(name!);
    return null;
  });
  return names;
}

/**
 * Tags: ml-latest tags.csv (userId,movieId,tag,timestamp) or ML-10M tags.dat (same fields, "::").
 * @example readTags("/data/ml-latest-small/tags.csv", "utf-8", true, bad).tag[0] // "funny"
 */
export function readTags(path: string, encoding: Encoding, csv: boolean, bad: BadRows): Tags {
  const out: Tags = { user: [], item: [], tag: [], timestamp: [] };
  const f = csv
    ? { separator: "csv", encoding, columns: ["userId", "movieId", "tag", "timestamp"], header: true, example: "2,60756,funny,1445714994" }
    : { separator: "::", encoding, columns: ["user id", "movie id", "tag", "timestamp"], header: false, example: "15::4973::excellent!::1215184630" };
  readDelimited(path, f, bad, (fields, at) => {
    const ids = [0, 1, 3].map((k) => intAt(fields, k, at));
    const problem = ids.find((v) => typeof v !== "number");
    if (problem) return problem as Problem;
    const [uid, mid, ts] = ids as number[];
    out.user.push(uid!), out.item.push(mid!), out.tag.push(fields[2]!), out.timestamp.push(ts!);
    return null;
  });
  return out;
}
