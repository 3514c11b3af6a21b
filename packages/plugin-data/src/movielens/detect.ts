/**
 * Recognises which MovieLens layout a folder holds, from its file names alone.
 */
import { readdirSync, statSync } from "node:fs";
import { UserError } from "@shortlist/runner";

export type MovieLensLayout = "ml-1m" | "ml-100k" | "ml-latest";

/** Files that identify each layout (the first wins when a folder somehow holds several). */
const MARKERS: [string, MovieLensLayout][] = [
  ["ratings.dat", "ml-1m"], // ML-1M and ML-10M
  ["u.data", "ml-100k"],
  ["ratings.csv", "ml-latest"], // ml-latest, ml-latest-small, ml-20m, ml-25m
];

/**
 * @example detectLayout("/data/ml-100k") // "ml-100k"
 */
export function detectLayout(folder: string): MovieLensLayout {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new UserError(`data.movielens: ${folder} is a file; path must be the folder that holds the MovieLens files`);
    names = readdirSync(folder);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`data.movielens: folder not found: ${folder}. Set path to a MovieLens folder (ml-1m, ml-100k, ml-latest-small, …) or to "synthetic"`);
  }
  for (const [file, layout] of MARKERS) if (names.includes(file)) return layout;
  const shown = names.slice(0, 12).join(", ") + (names.length > 12 ? ", …" : "");
  throw new UserError(
    `data.movielens: ${folder} is in no known MovieLens format: expected ratings.dat (ML-1M/10M), u.data (ML-100K) or ratings.csv (ml-latest); found ${names.length ? shown : "no files"}`,
  );
}
