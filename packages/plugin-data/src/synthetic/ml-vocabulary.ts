/**
 * The marginal distributions the synthetic MovieLens data copies from ML-1M's README and files:
 * genre list and frequencies, age buckets, occupations, gender split, rating histogram, time span.
 */

/** ML-1M's 18 genres and how many of its 3,883 movies carry each (movies.dat). */
export const GENRES = [
  "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
  "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
] as const;
export const GENRE_MOVIES = [503, 283, 105, 251, 1200, 211, 127, 1603, 68, 44, 343, 114, 106, 471, 276, 492, 143, 68];

/** ML-1M age buckets (users.dat codes) and their user counts. */
export const AGE_CODES = [1, 18, 25, 35, 45, 50, 56];
export const AGE_USERS = [222, 1103, 2096, 1193, 550, 496, 380];

/** ML-1M occupation codes 0..20 and their user counts. */
export const OCCUPATION_USERS = [711, 528, 267, 173, 759, 112, 236, 679, 17, 92, 195, 129, 388, 142, 302, 144, 241, 502, 70, 72, 281];

export const SHARE_MALE = 4331 / 6040;

/** ML-1M's rating histogram: the share of ratings at 1..5 stars; the ordinal cut points sit at their running sums. */
export const RATING_SHARES = [0.0562, 0.1075, 0.2611, 0.3489, 0.2263];

/** ML-1M's first and last rating times (unix seconds). */
export const TIME_FIRST = 956_703_932;
export const TIME_LAST = 1_046_454_590;
