/** Deterministic artifact tables for the sink tests and the benchmark. */
import { table, type Table } from "@shortlist/runner";

/**
 * `users` users with `k` recommendations each: user u gets items (u·7 + j·13 + offset) mod 100000,
 * so two publications with different offsets are told apart by their content.
 * @example const recs = recsTable(1000, 20);
 */
export function recsTable(users: number, k: number, offset = 0): Table {
  const n = users * k;
  const user = new Int32Array(n), rank = new Int32Array(n), item = new Int32Array(n);
  const score = new Float32Array(n);
  for (let u = 0, r = 0; u < users; u++) {
    for (let j = 0; j < k; j++, r++) {
      user[r] = u + 1;
      rank[r] = j;
      item[r] = (u * 7 + j * 13 + offset) % 100_000;
      score[r] = 1 / (j + 1);
    }
  }
  return table({ user, rank, item, score });
}

/** The item ids recsTable gives user u (1-based), in rank order. */
export function expectedRecs(u: number, k: number, offset = 0): number[] {
  return Array.from({ length: k }, (_, j) => ((u - 1) * 7 + j * 13 + offset) % 100_000);
}

/** `items` items with `k` neighbours each and float scores that are not round numbers. */
export function i2iTable(items: number, k: number): Table {
  const n = items * k;
  const item = new Int32Array(n), rank = new Int32Array(n), neighbour = new Int32Array(n);
  const score = new Float32Array(n);
  for (let i = 0, r = 0; i < items; i++) {
    for (let j = 0; j < k; j++, r++) {
      item[r] = i * 2;
      rank[r] = j;
      neighbour[r] = (i * 31 + j * 17 + 1) % (items * 2);
      score[r] = 1 / (3 + i + j);
    }
  }
  return table({ item, rank, neighbour, score });
}

/** User features: an int, a float32, a float64 and a string column. */
export function userFeatures(users: number): Table {
  return table({
    user: Int32Array.from({ length: users }, (_, i) => i + 1),
    age: Int32Array.from({ length: users }, (_, i) => 18 + (i % 60)),
    avg_rating: Float32Array.from({ length: users }, (_, i) => 1 + (i % 9) / 3),
    watch_volume: Float64Array.from({ length: users }, (_, i) => i * 0.1),
    zip: Array.from({ length: users }, (_, i) => `Z${i}é`),
  });
}
