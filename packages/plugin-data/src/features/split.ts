/**
 * Assigns every row to a split — 0 train, 1 valid, 2 test — deterministically. Per-user splits walk
 * each user's rows in (time, item id, source row) order; that order is the documented tie-breaker.
 */
import { keyOf, Rng } from "@shortlist/core-gpu/random";
import type { UserRuns } from "../util/order-rows.ts";
import type { Indexed } from "./interactions.ts";
import type { FeaturesOptions } from "./options.ts";

export const TRAIN = 0;
export const VALID = 1;
export const TEST = 2;

const KEY_SPLIT = keyOf("split");

/** @example const split = assignSplits(it, runs, options, 42) // Uint8Array of 0/1/2 per row */
export function assignSplits(it: Indexed, runs: UserRuns, o: FeaturesOptions, seed: number): Uint8Array {
  const min = o.holdoutMinRating;
  const eligible = min === undefined ? undefined : (row: number) => it.rating[row]! >= min;
  if (o.split === "leave-last") return leaveLast(it, runs, o.testCount, o.validCount, eligible);
  const split = o.split === "ratio" ? byRatio(it, runs, o.ratios, seed) : byTime(it, o);
  // ratio and time pick held-out rows without looking at ratings; those rated too low go back to train.
  if (eligible) for (let r = 0; r < split.length; r++) if (split[r] !== TRAIN && !eligible(r)) split[r] = TRAIN;
  return split;
}

/**
 * The last `test` rows of each user → test, the `valid` before them → valid; short users stay in train.
 * With `eligible`, only rows it accepts are held out (the last `test` accepted rows → test, the
 * `valid` accepted ones before them → valid) and every other row, later ones too, stays in train:
 * MetaSpore's protocol (the last 3 ratings above 2 → test, all the rest → train). A user needs
 * test + valid accepted rows and one more row of any kind, else stays wholly in train.
 * @example leaveLast(it, runs, 1, 0) // each user's latest row → 2 (test)
 */
export function leaveLast(it: Indexed, runs: UserRuns, test: number, valid: number, eligible?: (row: number) => boolean): Uint8Array {
  const split = new Uint8Array(it.n);
  const held = new Int32Array(test + valid);
  for (let u = 0; u + 1 < runs.start.length; u++) {
    const a = runs.start[u]!;
    const b = runs.start[u + 1]!;
    if (b - a < test + valid + 1) continue;
    // Walk back from the latest row, collecting the rows that may be held out.
    let n = 0;
    for (let j = b - 1; j >= a && n < held.length; j--) if (!eligible || eligible(runs.order[j]!)) held[n++] = runs.order[j]!;
    if (n < held.length) continue;
    for (let k = 0; k < n; k++) split[held[k]!] = k < test ? TEST : VALID;
  }
  return split;
}

/**
 * RecBole's per-user ratio split: counts floor(share × n) for valid and test, bumped to 1 when the
 * share would round a non-empty part away while train keeps at least 2; train takes the rest.
 * Which rows go where: the user's time-ordered rows shuffled by a stream of (seed, user id).
 * @example ratioCounts(5, [0.8, 0.1, 0.1]) // [3, 1, 1]
 */
export function ratioCounts(n: number, ratios: readonly [number, number, number]): [number, number, number] {
  const total = ratios[0] + ratios[1] + ratios[2];
  const r = ratios.map((x) => x / total);
  const cnt = r.map((x) => Math.floor(x * n));
  cnt[0] = n - cnt[1]! - cnt[2]!;
  for (let i = 1; i < 3; i++) {
    if (cnt[0]! <= 1) break;
    const share = r[3 - i]! * n;
    if (share > 0 && share < 1) {
      cnt[3 - i]!++;
      cnt[0]!--;
    }
  }
  return [cnt[0]!, cnt[1]!, cnt[2]!];
}

function byRatio(it: Indexed, runs: UserRuns, ratios: readonly [number, number, number], seed: number): Uint8Array {
  const split = new Uint8Array(it.n);
  let scratch = new Int32Array(64);
  for (let u = 0; u + 1 < runs.start.length; u++) {
    const a = runs.start[u]!;
    const n = runs.start[u + 1]! - a;
    if (n > scratch.length) scratch = new Int32Array(n * 2);
    const rows = scratch.subarray(0, n);
    rows.set(runs.order.subarray(a, a + n));
    const rng = new Rng(seed, KEY_SPLIT, it.users.ids[u]!);
    for (let j = n - 1; j > 0; j--) {
      const k = rng.int(j + 1);
      const t = rows[j]!;
      rows[j] = rows[k]!;
      rows[k] = t;
    }
    const [train, valid] = ratioCounts(n, ratios);
    for (let j = train; j < n; j++) split[rows[j]!] = j < train + valid ? VALID : TEST;
  }
  return split;
}

/** Rows at or after the test cut → test; from the valid cut to the test cut → valid. */
function byTime(it: Indexed, o: FeaturesOptions): Uint8Array {
  let sorted: Int32Array | undefined;
  const quantileTime = (share: number) => {
    sorted ??= it.timestamp.slice().sort();
    // The small epsilon keeps 0.6 × 5 from rounding up to index 4 through float error.
    return sorted[Math.min(it.n - 1, Math.ceil((1 - share) * it.n - 1e-9))] ?? 0;
  };
  const testCut = o.cutAt ?? quantileTime(o.testShare);
  const validCut = o.validCutAt ?? (o.validShare > 0 ? quantileTime(o.testShare + o.validShare) : testCut);
  const split = new Uint8Array(it.n);
  for (let i = 0; i < it.n; i++) {
    const t = it.timestamp[i]!;
    split[i] = t >= testCut ? TEST : t >= validCut ? VALID : TRAIN;
  }
  return split;
}
