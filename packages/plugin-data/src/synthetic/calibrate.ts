/**
 * Places the ordinal cut points so the star histogram matches ML-1M's (5.6% / 10.8% / 26.1% /
 * 34.9% / 22.6% for 1..5 stars): latent ratings of a fixed sample of users are drawn with the real
 * generator and the cuts set at their quantiles. Deterministic: the sample depends on the seed only.
 */
import { RATING_SHARES } from "./ml-vocabulary.ts";
import { drawUser } from "./ratings.ts";
import type { World } from "./world.ts";

const SAMPLE_USERS = 300;
// Whole users, not their first ratings: later choices (catalogue used up, drift) rate differently.
const SAMPLE_PER_USER = 5_000;

/** @example calibrateCuts(world); world.cuts // 4 ascending cut points */
export function calibrateCuts(world: World): void {
  const seen = new Int32Array(world.items);
  const zs: number[] = [];
  const step = Math.max(1, Math.floor(world.users / SAMPLE_USERS));
  for (let u = 1; u <= world.users; u += step) {
    drawUser(world, u, Math.min(world.activity[u - 1]!, SAMPLE_PER_USER), seen, (_i, _t, z) => zs.push(z));
  }
  if (zs.length === 0) return;
  const sorted = Float64Array.from(zs).sort();
  let cumulative = 0;
  for (let k = 0; k < 4; k++) {
    cumulative += RATING_SHARES[k]!;
    world.cuts[k] = sorted[Math.min(sorted.length - 1, Math.floor(cumulative * sorted.length))]!;
  }
}
