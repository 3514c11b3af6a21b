/**
 * Small synthetic tables shaped as the stage's inputs, for its tests: a samples.ranking-like table
 * (split column) and candidates.train / candidates.test-like lists (one group per user). The label
 * depends on two features (one with missing values) and a category set (genre_code 0, 3, 5), so a working ranker must beat chance by far;
 * a constant and an all-missing column ride along and must never be split on.
 */
import { Rng } from "@shortlist/core-gpu/random";
import { table, type Table } from "@shortlist/runner";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function rows(rng: Rng, users: number, perUser: number) {
  const n = users * perUser;
  const c = {
    user: new Int32Array(n), item: new Int32Array(n), signal: new Float32Array(n), partial: new Float32Array(n),
    noise: new Float32Array(n), genre_code: new Int32Array(n), constant: new Float32Array(n).fill(3), empty: new Float32Array(n).fill(NaN), label: new Float32Array(n),
  };
  for (let r = 0; r < n; r++) {
    const u = Math.floor(r / perUser);
    c.user[r] = 100 + u;
    c.item[r] = 1000 + ((r * 7919) % 500) + (r % perUser) * 500; // distinct within a user
    c.signal[r] = rng.normal();
    c.partial[r] = rng.float() < 0.2 ? NaN : rng.normal();
    c.noise[r] = rng.normal();
    c.genre_code[r] = rng.int(8);
    const z = 2.5 * c.signal[r]! + 1.5 * (Number.isNaN(c.partial[r]!) ? 1 : c.partial[r]!) + ([0, 3, 5].includes(c.genre_code[r]!) ? 1 : -0.5);
    c.label[r] = rng.float() < sigmoid(z) ? 1 : 0;
  }
  return c;
}

/**
 * `{ split, user, item, signal, partial, noise, genre_code, constant, empty, timestamp, label }`: split 0/1/2
 * per row (70/15/15 %).
 * @example const samples = samplesTable(1, 800);
 */
export function samplesTable(seed: number, n: number): Table {
  const rng = new Rng(seed, 1);
  const c = rows(rng, n / 10, 10);
  const split = Uint8Array.from({ length: n }, () => { const u = rng.float(); return u < 0.7 ? 0 : u < 0.85 ? 1 : 2; });
  return table({ split, ...c, timestamp: Int32Array.from({ length: n }, (_, r) => r) });
}

/**
 * Candidate lists of `users` users × `perUser` items, with `group` = user index (rows of a user together).
 * @example const cands = candidatesTable(2, 80, 20);
 */
export function candidatesTable(seed: number, users: number, perUser: number): Table {
  const c = rows(new Rng(seed, 2), users, perUser);
  return table({ ...c, group: Int32Array.from({ length: users * perUser }, (_, r) => Math.floor(r / perUser)) });
}
