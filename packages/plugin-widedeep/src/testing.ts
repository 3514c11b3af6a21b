/**
 * Small planted ranking samples for the tests, shaped like data.features' samples.ranking: a label
 * driven by a user × genre affinity (the logit is kept in planted_logit, for the oracle's AUC) (what the wide cross can learn), item popularity (an item
 * code and a dense column), and a history of item codes.
 */
import { Rng } from "@shortlist/core-gpu/random";
import { table, type Table } from "@shortlist/runner";

/** @example const samples = plantedSamples(3000, 7) */
export function plantedSamples(n: number, seed: number): Table {
  const rng = new Rng(seed);
  const users = 60, items = 50, genres = 6, L = 4;
  const affinity = Array.from({ length: users * genres }, () => rng.normal() * 2);
  const pop = Array.from({ length: items }, () => rng.normal());
  const c = {
    split: new Uint8Array(n), user: new Int32Array(n), item: new Int32Array(n), label: new Float32Array(n),
    user_code: new Int32Array(n), item_code: new Int32Array(n), genre_code: new Int32Array(n),
    item_mean_rating: new Float32Array(n), user_count: new Int32Array(n), planted_logit: new Float32Array(n),
  };
  const hist = Array.from({ length: L }, () => new Int32Array(n));
  for (let r = 0; r < n; r++) {
    const u = rng.int(users), i = rng.int(items), g = i % genres;
    c.split[r] = r % 10 < 7 ? 0 : r % 10 < 8 ? 1 : 2;
    c.user[r] = 1000 + u;
    c.item[r] = 5000 + i;
    c.user_code[r] = u + 1;
    c.item_code[r] = i + 1;
    c.genre_code[r] = g + 1;
    c.item_mean_rating[r] = 3 + pop[i]! * 0.5 + rng.normal() * 0.1;
    c.user_count[r] = 10 + u * 7;
    const len = rng.int(L + 1);
    for (let l = 0; l < len; l++) hist[l]![r] = 1 + rng.int(items);
    const logit = affinity[u * genres + g]! + pop[i]!;
    c.planted_logit[r] = logit;
    c.label[r] = rng.float() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return table({ ...c, ...Object.fromEntries(hist.map((h, l) => [`hist_${l}`, h])) });
}

/** Options of a model small enough for a unit test. */
export const SMALL = {
  hiddenUnits: [16, 8],
  embeddingSize: 4,
  wideBuckets: 4096,
  batchSize: 128,
  epochs: 8,
  lr: 0.01,
  ftrl: { alpha: 0.1 },
  backend: "cpu",
  columns: { dense: ["item_mean_rating", "user_count"], crosses: ["user_code#genre_code"] },
} as const;
