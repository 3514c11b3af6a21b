/**
 * File checks shared by every reader (missing and empty files get their own message) and a
 * line-as-text reader for the small side files (users, movies, tags).
 */
import { statSync } from "node:fs";
import { basename } from "node:path";
import { UserError } from "@shortlist/runner";
import { scanLines } from "./line-scanner.ts";

export type Encoding = "utf-8" | "latin1";

/**
 * Throws a UserError unless `path` is a non-empty file; `example` shows what a line should look like.
 * @example requireFile("/data/ml-1m/ratings.dat", "1::1193::5::978300760")
 */
export function requireFile(path: string, example: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UserError(`${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`missing file ${path}: expected ${basename(path)} with lines like "${example}"`);
  }
  if (size === 0) throw new UserError(`${path} is empty: expected lines like "${example}"`);
}

/**
 * Calls `onLine` with each non-blank line decoded as text; throws a UserError when the file holds
 * only blank lines (so "empty" means empty to the user, whitespace or not).
 * @example readTextLines("movies.dat", "latin1", (text, n) => …)
 */
export function readTextLines(path: string, encoding: Encoding, onLine: (text: string, lineNo: number) => void, example = ""): void {
  const decoder = new TextDecoder(encoding);
  let seen = 0;
  scanLines(path, (buf, s, e, n) => {
    if (isBlank(buf, s, e)) return;
    seen++;
    onLine(decoder.decode(buf.subarray(s, e)), n);
  });
  if (seen === 0) throw new UserError(`${path} is empty (only blank lines): expected lines like "${example}"`);
}

/** @example isBlank(new TextEncoder().encode(" \t"), 0, 2) // true */
export function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}
