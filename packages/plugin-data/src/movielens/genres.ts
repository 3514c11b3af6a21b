/** Genre names and title/year helpers shared by the MovieLens readers. */

/** ML-100K's 19 genre flags in u.item column order (u.genre), used when u.genre is absent. */
export const ML100K_GENRES = [
  "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
  "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
] as const;

/**
 * The release year in a MovieLens title ("Toy Story (1995)" → 1995), else from a release date
 * ("01-Jan-1995"), else 0 (unknown).
 * @example yearOf("Babylon 5 (1994) ") // 1994
 */
export function yearOf(title: string, releaseDate = ""): number {
  const m = /\((\d{4})(?:[–-]\d{0,4})?\)\s*$/.exec(title);
  if (m) return Number(m[1]);
  const d = /(\d{4})\s*$/.exec(releaseDate);
  return d ? Number(d[1]) : 0;
}

/**
 * ml-latest writes "(no genres listed)"; the artifact convention uses "" for no genres.
 * @example normaliseGenres("(no genres listed)") // ""
 */
export function normaliseGenres(genres: string): string {
  return genres === "(no genres listed)" ? "" : genres;
}
