/**
 * `exposure: personalised` for synthetic Ali-CCP: a share of each user's impressions is shown by a
 * (simulated) personalised recommender, as real Ali-CCP impressions come from Taobao's.
 *
 * Why: by default every impression's item is drawn from one global lognormal, independent of the
 * user, so every user's clicks are mostly on the globally popular items and no model can beat
 * popularity by much (the oracle's ceiling is ~1.6× popularity at the example's protocol).
 *
 * How (cheap at 1M rows): each user gets a pool of `poolSize` (POOL_SIZE) draws from the global item
 * distribution q (from the (seed, user) stream, so it does not depend on the rows drawn) and a
 * cumulative weight exp(affinity(u, i) / temperature) over it, where affinity is the planted
 * click affinity (strength·⟨u, v⟩). A personalised impression picks a pool entry by binary search
 * in that cumulative sum: sampling–importance–resampling of q·exp(affinity/T), exact for the
 * pool. So P(item i | user u) = (1 − share)·q(i) + share·Σ_{pool entries = i} w / Σ w, which
 * `logProbability` gives the oracles. A larger pool brings each user's exposure closer to its
 * expectation q(i)·e^{affinity/T} / Σ_j q(j)·e^{affinity(u,j)/T}, which the user's features and
 * id determine: less of it is a per-user accident that no data of a light user reveals.
 */
import { keyOf, Rng } from "@shortlist/core-gpu/random";

/** Draws per user pool by default: a few hundred, so the softmax is over many distinct items yet cheap. */
export const POOL_SIZE = 512;
const KEY_POOL = keyOf("aliccp-exposure-pool");
const KEY_PICK = keyOf("aliccp-exposure-pick");

/** An item id of the global impression distribution: clip(int(lognormal(3, 1)), 1, max), as Merlin's. @example lognormalId(new Rng(1, 2), 3_078_306) */
export const lognormalId = (r: Rng, max: number) => Math.min(max, Math.max(1, Math.trunc(Math.exp(3 + r.normal()))));

/** P(item id = k) under lognormalId: Φ(ln(k+1) − 3) − Φ(ln k − 3), the last id taking the tail. @example globalItemProbability(20, 3_078_306) // ≈ 0.019 */
export function globalItemProbability(k: number, max: number): number {
  const cdf = (x: number) => 0.5 * (1 + erf((x - 3) / Math.SQRT2));
  const lo = k <= 1 ? 0 : cdf(Math.log(k));
  const hi = k >= max ? 1 : cdf(Math.log(k + 1));
  return hi - lo;
}

/** Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): enough for a log probability. */
function erf(x: number): number {
  const s = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}

interface Pool {
  items: Int32Array;
  cumulative: Float64Array;
  /** item → its share of the pool's weight */
  probability: Map<number, number>;
}

/**
 * Per-user exposure pools over the planted affinity.
 * @example const e = new PersonalisedExposure(42, 0.5, 1, 500_000, (u, i) => model.affinityOf(u, i)); e.pick(17, rng); e.logProbability(17, 3)
 */
export class PersonalisedExposure {
  private readonly pools = new Map<number, Pool>();
  constructor(
    private readonly seed: number,
    readonly share: number,
    private readonly temperature: number,
    private readonly maxItem: number,
    private readonly affinity: (user: number, item: number) => number,
    private readonly poolSize = POOL_SIZE,
  ) {
    if (!(Number.isInteger(poolSize) && poolSize >= 1)) throw new RangeError(`exposurePool must be an integer ≥ 1, got ${poolSize}`);
    if (!(share >= 0 && share <= 1)) throw new RangeError(`exposureShare must be in [0, 1], got ${share}`);
    if (!(temperature > 0)) throw new RangeError(`exposureTemperature must be > 0, got ${temperature}`);
  }

  private pool(user: number): Pool {
    let p = this.pools.get(user);
    if (p) return p;
    const r = new Rng(this.seed, KEY_POOL, user);
    const items = Int32Array.from({ length: this.poolSize }, () => lognormalId(r, this.maxItem));
    const logits = Array.from(items, (i) => this.affinity(user, i) / this.temperature);
    const top = logits.reduce((m, x) => Math.max(m, x), -Infinity); // subtract the max: exp of a large logit overflows
    const cumulative = new Float64Array(this.poolSize);
    let sum = 0;
    for (let k = 0; k < this.poolSize; k++) cumulative[k] = sum += Math.exp(logits[k]! - top);
    const probability = new Map<number, number>();
    for (let k = 0; k < this.poolSize; k++) probability.set(items[k]!, (probability.get(items[k]!) ?? 0) + (cumulative[k]! - (k ? cumulative[k - 1]! : 0)) / sum);
    p = { items, cumulative, probability };
    this.pools.set(user, p);
    return p;
  }

  /** A personalised impression's item for `user`: a pool entry with probability ∝ its weight. */
  pick(user: number, rng: Rng): number {
    const { items, cumulative } = this.pool(user);
    const x = rng.float() * cumulative[this.poolSize - 1]!;
    let [lo, hi] = [0, this.poolSize - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  }

  /** log P(an impression of `user` shows `item`): the global part plus the user's pool part. */
  logProbability(user: number, item: number): number {
    const personal = this.pool(user).probability.get(item) ?? 0;
    return Math.log((1 - this.share) * globalItemProbability(item, this.maxItem) + this.share * personal);
  }

  /** Replace a `share` of the rows' items by personalised picks (its own stream: other columns keep their draws). */
  apply(users: Int32Array, items: Int32Array): void {
    const rng = new Rng(this.seed, KEY_PICK);
    for (let r = 0; r < users.length; r++) if (rng.float() < this.share) items[r] = this.pick(users[r]!, rng);
  }
}
