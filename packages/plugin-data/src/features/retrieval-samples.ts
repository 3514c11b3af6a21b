/**
 * samples.retrieval: each training positive followed by `negatives` sampled items, for two-tower
 * style training. Negatives are drawn ∝ (training count)^exponent over items seen in training
 * (word2vec's unigram^0.75), never an item the user has anywhere in training, from one seeded
 * stream walked in (user, time) order — so the rows depend only on the training split and the seed.
 */
import { table, type Table } from "@shortlist/runner";
import { AliasTable } from "../util/alias.ts";
import type { UserRuns } from "../util/order-rows.ts";
import { keyOf, Rng } from "@shortlist/core-gpu/random";
import type { Indexed } from "./interactions.ts";
import { TRAIN } from "./split.ts";
import type { TrainStats } from "./stats.ts";

const KEY_NEGATIVES = keyOf("negatives");
/** Draws per negative before giving up on a user who has trained on almost every item. */
const MAX_TRIES = 64;

export interface RetrievalOptions {
  negatives: number;
  negativeExponent: number;
  retrievalMinRating?: number;
}

/** @example retrievalSamples(it, runs, split, stats, { negatives: 4, negativeExponent: 0.75 }, 42) */
export function retrievalSamples(it: Indexed, runs: UserRuns, split: Uint8Array, stats: TrainStats, o: RetrievalOptions, seed: number): { samples: Table; missing: number } {
  const isPositive = (r: number) => split[r] === TRAIN && (o.retrievalMinRating === undefined || it.rating[r]! >= o.retrievalMinRating);
  let positives = 0;
  for (let r = 0; r < it.n; r++) if (isPositive(r)) positives++;
  const cap = positives * (1 + o.negatives);
  const user = new Int32Array(cap);
  const item = new Int32Array(cap);
  const label = new Float32Array(cap);
  const timestamp = new Int32Array(cap);
  const weights = Float64Array.from(stats.item.count, (c) => (c > 0 ? c ** o.negativeExponent : 0));
  const alias = positives > 0 && o.negatives > 0 ? new AliasTable(weights) : undefined;
  const rng = new Rng(seed, KEY_NEGATIVES);
  const mark = new Int32Array(it.items.ids.length).fill(-1);
  let out = 0;
  let missing = 0;
  for (let u = 0; u + 1 < runs.start.length; u++) {
    const a = runs.start[u]!;
    const b = runs.start[u + 1]!;
    for (let p = a; p < b; p++) if (split[runs.order[p]!] === TRAIN) mark[it.items.index[runs.order[p]!]!] = u;
    for (let p = a; p < b; p++) {
      const r = runs.order[p]!;
      if (!isPositive(r)) continue;
      user[out] = it.user[r]!;
      item[out] = it.item[r]!;
      label[out] = 1;
      timestamp[out++] = it.timestamp[r]!;
      for (let k = 0; k < o.negatives && alias; k++) {
        let j = -1;
        for (let t = 0; t < MAX_TRIES && j < 0; t++) {
          const c = alias.sample(rng);
          if (mark[c] !== u) j = c;
        }
        if (j < 0) {
          missing++;
          continue;
        }
        user[out] = it.user[r]!;
        item[out] = it.items.ids[j]!;
        label[out] = 0;
        timestamp[out++] = it.timestamp[r]!;
      }
    }
  }
  const cut = <T extends Int32Array | Float32Array>(a: T) => (out === cap ? a : (a.slice(0, out) as T));
  return { samples: table({ user: cut(user), item: cut(item), label: cut(label), timestamp: cut(timestamp) }), missing };
}
