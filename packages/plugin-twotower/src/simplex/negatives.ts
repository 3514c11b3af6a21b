/**
 * Uniform negative sampling for SimpleX: N items per positive drawn uniformly from the catalogue,
 * redrawn (up to a few times) when the user has the item in training, as RecBole's uniform sampler
 * excludes a user's interacted items. The stream is seeded per epoch, so an epoch's negatives
 * depend only on (seed, epoch) and a resumed run draws what the uninterrupted one drew.
 */
import type { Csr } from "@shortlist/core-gpu";
import type { Rng } from "@shortlist/core-gpu/random";
import { binaryHas } from "../train/full-rank.ts";

/** Redraws before a seen item is accepted (a user who has seen nearly every item). */
const TRIES = 8;

/**
 * Fills `out` (length users.length × n) with negatives: row b·n … b·n+n−1 for user users[b].
 * @example
 * sampleNegatives(rng, seen, users, 100, new Int32Array(users.length * 100));
 */
export function sampleNegatives(rng: Rng, seen: Csr, users: Int32Array, n: number, out: Int32Array): Int32Array {
  const nItems = seen.cols;
  for (let b = 0; b < users.length; b++) {
    const u = users[b]!;
    const own = seen.indices.subarray(seen.indptr[u]!, seen.indptr[u + 1]!);
    for (let j = 0; j < n; j++) {
      let item = rng.int(nItems);
      for (let t = 1; t < TRIES && binaryHas(own, item); t++) item = rng.int(nItems);
      out[b * n + j] = item;
    }
  }
  return out;
}
