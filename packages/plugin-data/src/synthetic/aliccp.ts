/**
 * Synthetic Ali-CCP impressions in Merlin's raw schema (25 int32 columns, Merlin's cardinalities).
 *
 * signal "none" does what Merlin's `generate_data("aliccp-raw", n)` does: user and item ids from
 * clip(int(lognormal(3, 1)), 1, max); each user (item) feature = pandas.cut of the id into max−1
 * bins; user_item_*, position, click and conversion uniform in [0, max) — so clicks ignore user and
 * item entirely (and half of all rows are clicks). Values follow Merlin's distributions, not numpy's
 * exact random numbers.
 *
 * signal "planted" keeps the ids and features but draws click ~ Bernoulli(σ(logit(clickRate) +
 * strength·⟨u, v⟩ − 0.25·position)) from latent factors of the user and item ids, conversion
 * (only after a click) from a second item factor, and makes each user_item_* column the hashed cross
 * of its user and item feature (as the real data defines it), so retrieval and ranking have
 * something to learn.
 *
 * factors "ids" (the default) gives each user and item id its own factors, and the features stay
 * cuts of the id; factors "features" (aliccp-features.ts) draws the user segment and item fields
 * per id and makes each factor a centroid of its features plus a smaller per-id part (idShare).
 *
 * exposure "global" (the default) draws each impression's item from one global lognormal, whatever
 * the user; exposure "personalised" (aliccp-exposure.ts) draws a share of them from the user's
 * softmax over the planted affinity, as a recommender's impressions are.
 */
import { hash32, keyOf, Rng } from "@shortlist/core-gpu/random";
import { ALICCP_COLUMNS, USER_ITEM_CROSSES } from "./aliccp-schema.ts";
import { merlinCut } from "./merlin-cut.ts";
import { PersonalisedExposure } from "./aliccp-exposure.ts";
import { FeatureFactors, ITEM_FEATURE_FIELDS, USER_SEGMENT_FIELDS } from "./aliccp-features.ts";

export interface AliCcpOptions {
  rows: number;
  signal: "none" | "planted";
  seed: number;
  clickRate: number;
  conversionRate: number;
  strength: number;
  dims: number;
  /** planted: "ids" (default) — factors per id; "features" — factors tied to the user and item features. */
  factors?: "ids" | "features";
  /** factors "features": share of a factor's variance that belongs to the id alone (default 0.1). */
  idShare?: number;
  /** planted: "global" (default) — every impression's item from one global lognormal; "personalised" — exposureShare of them from the user's softmax over affinity (aliccp-exposure.ts). */
  exposure?: "global" | "personalised";
  /** exposure "personalised": share of impressions shown by affinity (default 0: none). */
  exposureShare?: number;
  /** exposure "personalised": softmax temperature over the planted affinity (default 1). */
  exposureTemperature?: number;
  /** exposure "personalised": draws in each user's pool (default POOL_SIZE, 512). */
  exposurePool?: number;
}

/**
 * The personalised exposure of options `o`, or undefined when every impression is global.
 * @example personalisedExposure({ ...o, exposure: "personalised", exposureShare: 0.5 })?.logProbability(17, 42)
 */
export function personalisedExposure(o: AliCcpOptions, model = new PlantedModel(o)): PersonalisedExposure | undefined {
  if (o.signal !== "planted" || o.exposure !== "personalised" || !o.exposureShare) return undefined;
  const max = ALICCP_COLUMNS.find((c) => c.name === "item_id")!.max;
  return new PersonalisedExposure(o.seed, o.exposureShare, o.exposureTemperature ?? 1, max, (u, i) => model.affinityOf(u, i), o.exposurePool);
}

/** The feature-tied factors of options `o`, or undefined under factors "ids". */
export function featureFactors(o: Pick<AliCcpOptions, "seed" | "dims" | "factors" | "idShare">): FeatureFactors | undefined {
  return o.factors === "features" ? new FeatureFactors(o.seed, o.dims, o.idShare ?? 0.1) : undefined;
}

const KEY_IDS = keyOf("aliccp-ids");
const KEY_RANDOM = keyOf("aliccp-random");
const KEY_USER = keyOf("aliccp-user");
const KEY_ITEM = keyOf("aliccp-item");
const KEY_ITEM_CVR = keyOf("aliccp-item-cvr");

/**
 * @example generateAliCcp({ rows: 1000, signal: "none", seed: 1, clickRate: 0.1, conversionRate: 0.05, strength: 2, dims: 8 }).click
 */
export function generateAliCcp(o: AliCcpOptions): Record<string, Int32Array> {
  const n = o.rows;
  const maxOf = (name: string) => ALICCP_COLUMNS.find((c) => c.name === name)!.max;
  const ids = new Rng(o.seed, KEY_IDS);
  const lognormalId = (max: number) => Math.min(max, Math.max(1, Math.trunc(Math.exp(3 + ids.normal()))));
  const cols: Record<string, Int32Array> = {};
  cols.user_id = filled(n, () => lognormalId(maxOf("user_id")));
  cols.item_id = filled(n, () => lognormalId(maxOf("item_id")));
  // After both id columns are drawn, so the default path's draws are unchanged.
  personalisedExposure(o)?.apply(cols.user_id, cols.item_id);
  for (const c of ALICCP_COLUMNS) {
    if (c.role === "user") cols[c.name] = merlinCut(cols.user_id, c.max - 1);
    if (c.role === "item") cols[c.name] = merlinCut(cols.item_id, c.max - 1);
  }
  const world = o.signal === "planted" ? featureFactors(o) : undefined;
  if (world) {
    // The segment and item fields become per-id draws that the factors are built from.
    const [users, items] = [cols.user_id, cols.item_id];
    for (const name of USER_SEGMENT_FIELDS) cols[name] = filled(n, (r) => world.userFeatures(users[r]!)[name]!);
    for (const name of ITEM_FEATURE_FIELDS) cols[name] = filled(n, (r) => world.itemFeatures(items[r]!)[name]!);
  }
  const rng = new Rng(o.seed, KEY_RANDOM);
  const uniform = (max: number) => filled(n, () => rng.int(max));
  cols.position = uniform(maxOf("position"));
  if (o.signal === "none") {
    for (const name of Object.keys(USER_ITEM_CROSSES)) cols[name] = uniform(maxOf(name));
    cols.click = uniform(2);
    cols.conversion = uniform(2);
  } else {
    for (const [name, [u, i]] of Object.entries(USER_ITEM_CROSSES)) {
      const max = maxOf(name);
      const a = cols[u]!;
      const b = cols[i]!;
      cols[name] = filled(n, (r) => hash32(a[r]!, b[r]!) % max);
    }
    plantClicks(o, cols, rng);
  }
  // Merlin's column order.
  return Object.fromEntries(ALICCP_COLUMNS.map((c) => [c.name, cols[c.name]!]));
}

/** An Int32Array of n values from fn(row): a plain loop (Int32Array.from with a callback is slow). */
function filled(n: number, fn: (r: number) => number): Int32Array {
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) out[r] = fn(r);
  return out;
}

/**
 * The planted click and conversion model: latent factors per user id and item id, drawn from
 * (seed, id) streams on first use, so any id's factors can be recreated (tests use it as an oracle).
 */
export class PlantedModel {
  private readonly factors = new Map<number, Float32Array>();
  private readonly world: FeatureFactors | undefined;
  constructor(private readonly o: Pick<AliCcpOptions, "seed" | "dims" | "clickRate" | "conversionRate" | "strength" | "factors" | "idShare">) {
    this.world = featureFactors(o);
  }

  private factor(key: number, id: number): Float32Array {
    // factors "features": the user's and the item's click factors come from their features; the
    // conversion factor stays per item id.
    if (this.world && key === KEY_USER) return this.world.userFactor(id);
    if (this.world && key === KEY_ITEM) return this.world.itemFactor(id);
    const k = hash32(key, id);
    let f = this.factors.get(k);
    if (!f) {
      const r = new Rng(this.o.seed, key, id);
      f = Float32Array.from({ length: this.o.dims }, () => r.normal() / Math.sqrt(this.o.dims));
      this.factors.set(k, f);
    }
    return f;
  }

  private affinity(user: number, key: number, item: number): number {
    const u = this.factor(KEY_USER, user);
    const v = this.factor(key, item);
    let s = 0;
    for (let d = 0; d < u.length; d++) s += u[d]! * v[d]!;
    return this.o.strength * s;
  }

  /** strength·⟨u, v⟩, the click logit's user–item part. @example new PlantedModel(o).affinityOf(17, 42) */
  affinityOf(user: number, item: number): number {
    return this.affinity(user, KEY_ITEM, item);
  }

  /** @example new PlantedModel(o).clickLogit(17, 42, 0) */
  clickLogit(user: number, item: number, position: number): number {
    return logit(this.o.clickRate) + this.affinity(user, KEY_ITEM, item) - 0.25 * position;
  }

  /**
   * factors "features" only: strength·⟨u, v⟩ from the factors' feature parts alone — what a model
   * that sees only the features (not the ids) could know of the affinity at best.
   * @example new PlantedModel({ ...o, factors: "features" }).featureAffinityOf(17, 42)
   */
  featureAffinityOf(user: number, item: number): number {
    if (!this.world) throw new Error('featureAffinityOf needs factors: "features"');
    const [u, v] = [this.world.userFactor(user, "features"), this.world.itemFactor(item, "features")];
    let s = 0;
    for (let d = 0; d < u.length; d++) s += u[d]! * v[d]!;
    return this.o.strength * s;
  }

  /**
   * factors "features" only: the click logit with `featureAffinityOf` for the affinity.
   * @example new PlantedModel({ ...o, factors: "features" }).featureClickLogit(17, 42, 0)
   */
  featureClickLogit(user: number, item: number, position: number): number {
    return logit(this.o.clickRate) + this.featureAffinityOf(user, item) - 0.25 * position;
  }

  conversionLogit(user: number, item: number): number {
    return logit(this.o.conversionRate) + this.affinity(user, KEY_ITEM_CVR, item);
  }
}

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function plantClicks(o: AliCcpOptions, cols: Record<string, Int32Array>, rng: Rng): void {
  const n = o.rows;
  const model = new PlantedModel(o);
  const click = new Int32Array(n);
  const conversion = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const user = cols.user_id![r]!;
    const item = cols.item_id![r]!;
    if (rng.float() >= sigmoid(model.clickLogit(user, item, cols.position![r]!))) continue;
    click[r] = 1;
    if (rng.float() < sigmoid(model.conversionLogit(user, item))) conversion[r] = 1;
  }
  cols.click = click;
  cols.conversion = conversion;
}
