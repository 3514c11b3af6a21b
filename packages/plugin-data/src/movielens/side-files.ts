/**
 * Readers for the MovieLens side files: users (demographics) and movies (title, genres, year),
 * and tags, in each format's own layout. Each returns plain columns; the stage builds tables.
 */
import type { Column } from "@shortlist/runner";
import type { BadRows } from "../io/bad-rows.ts";
import type { Encoding } from "../io/text-file.ts";
import { readDelimited, intField } from "./delimited.ts";
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
  const f = { separator: "::", encoding: "latin1" as const, fields: 5, header: false, example: "1::F::1::10::48067" };
  readDelimited(path, f, bad, ([u, g, a, o, z]) => {
    const id = intField(u!);
    const ag = intField(a!);
    const oc = intField(o!);
    if (id === null) return `user id "${u}" is not an integer`;
    if (ag === null) return `age "${a}" is not an integer`;
    if (oc === null) return `occupation "${o}" is not an integer`;
    user.push(id), gender.push(g!), age.push(ag), occupation.push(oc), zip.push(z!);
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
  const f = { separator: "|", encoding: "latin1" as const, fields: 5, header: false, example: "1|24|M|technician|85711" };
  readDelimited(path, f, bad, ([u, a, g, o, z]) => {
    const id = intField(u!);
    const ag = intField(a!);
    if (id === null) return `user id "${u}" is not an integer`;
    if (ag === null) return `age "${a}" is not an integer`;
    user.push(id), age.push(ag), gender.push(g!), occupation.push(o!), zip.push(z!);
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
  const f = { separator: "::", encoding, fields: 3, header: false, example: "1::Toy Story (1995)::Animation|Children's|Comedy" };
  readDelimited(path, f, bad, ([m, t, g]) => pushMovie(out, m!, t!, g!));
  return out;
}

/**
 * ml-latest movies.csv: movieId,title,genres with a header and quoted titles.
 * @example readCsvMovies("/data/ml-latest-small/movies.csv", "utf-8", bad).year[0] // 1995
 */
export function readCsvMovies(path: string, encoding: Encoding, bad: BadRows): Items {
  const out: Items = { item: [], title: [], genres: [], year: [] };
  const f = { separator: "csv", encoding, fields: 3, header: true, example: "1,Toy Story (1995),Adventure|Animation" };
  readDelimited(path, f, bad, ([m, t, g]) => pushMovie(out, m!, t!, g!));
  return out;
}

function pushMovie(out: Items, m: string, t: string, g: string): string | null {
  const id = intField(m);
  if (id === null) return `movie id "${m}" is not an integer`;
  out.item.push(id), out.title.push(t.trim()), out.genres.push(normaliseGenres(g)), out.year.push(yearOf(t));
  return null;
}

/**
 * ML-100K u.item: id|title|release date|video release date|IMDb URL|19 genre flags (0/1).
 * @example readMl100kItems("/data/ml-100k/u.item", "latin1", bad).genres[0] // "Animation|Children's|Comedy"
 */
export function readMl100kItems(path: string, encoding: Encoding, bad: BadRows, genreNames: readonly string[] = ML100K_GENRES): Items {
  const out: Items = { item: [], title: [], genres: [], year: [] };
  const nFlags = genreNames.length;
  const f = { separator: "|", encoding, fields: 5 + nFlags, header: false, example: "1|Toy Story (1995)|01-Jan-1995||http://…|0|0|0|1|1|1|0|…" };
  readDelimited(path, f, bad, (fields) => {
    const id = intField(fields[0]!);
    if (id === null) return `movie id "${fields[0]}" is not an integer`;
    const names: string[] = [];
    for (let g = 0; g < nFlags; g++) {
      const flag = fields[5 + g];
      if (flag !== "0" && flag !== "1") return `genre flag ${g + 1} ("${genreNames[g]}") is "${flag}", expected 0 or 1`;
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
  const f = { separator: "|", encoding: "latin1" as const, fields: 2, header: false, example: "Action|1" };
  readDelimited(path, f, bad, ([name, idx]) => {
    if (intField(idx!) !== names.length) return `genre index "${idx}" should be ${names.length} (lines in order)`;
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
    ? { separator: "csv", encoding, fields: 4, header: true, example: "2,60756,funny,1445714994" }
    : { separator: "::", encoding, fields: 4, header: false, example: "15::4973::excellent!::1215184630" };
  readDelimited(path, f, bad, ([u, m, tag, t]) => {
    const uid = intField(u!);
    const mid = intField(m!);
    const ts = intField(t!);
    if (uid === null) return `user id "${u}" is not an integer`;
    if (mid === null) return `movie id "${m}" is not an integer`;
    if (ts === null) return `timestamp "${t}" is not an integer`;
    out.user.push(uid), out.item.push(mid), out.tag.push(tag!), out.timestamp.push(ts);
    return null;
  });
  return out;
}
