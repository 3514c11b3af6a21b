/**
 * `factors: features` for synthetic Ali-CCP: the planted latent factors are tied to the user and
 * item features, as click propensity is in the real data (item category / brand / shop, user
 * segments), instead of belonging to each id alone.
 *
 * Why: with `factors: ids` the factor of a rare id (Merlin's lognormal ids: most are seen a
 * handful of times) cannot be learned by any model, so the features carry nothing and a recall
 * model learns popularity. Here a feature is shared by many ids, so a feature tower can learn its
 * centroid from the frequent ids and carry it to the rare ones.
 *
 * Every value comes from a (seed, id) stream, so an id's features and factor do not depend on the
 * rows drawn (oracles in tests and benches recreate them from the id):
 * - item: category 1..40; brand nested in it (6 per category), shop nested in the brand (3 per
 *   brand); intention 1..500 uniform and unrelated to the factor (a feature that carries nothing).
 *   factor = √(0.6·s)·C_category + √(0.4·s)·C_brand + √(1−s)·noise_id;
 * - user: gender 1..2, age 1..7, group = gender × age (1..12), profile 1..97, consumption_1 and
 *   consumption_2 1..3, is_occupied 1..2, geography 1..4.
 *   factor = √(0.4·s)·C_profile + √(0.3·s)·C_group + √(0.15·s)·C_consumption_1 + √(0.15·s)·C_geography + √(1−s)·noise_id;
 * with s = 1 − idShare, every centroid C (centred over its field's values) and noise N(0, 1/dims)
 * per dimension, so a factor has the same variance as under `factors: ids` and the click model's
 * logits keep their spread.
 */
import { keyOf, Rng } from "@shortlist/core-gpu/random";

/** Feature columns this mode draws per id; the others (user_categories, user_shops, …) stay cuts of the id. */
export const USER_SEGMENT_FIELDS = ["user_profile", "user_group", "user_gender", "user_age", "user_consumption_1", "user_consumption_2", "user_is_occupied", "user_geography"] as const;
export const ITEM_FEATURE_FIELDS = ["item_category", "item_shop", "item_intention", "item_brand"] as const;

const CATEGORIES = 40;
const BRANDS_PER_CATEGORY = 6;
const SHOPS_PER_BRAND = 3;
const INTENTIONS = 500;

const KEY_USER_FEATURES = keyOf("aliccp-user-features");
const KEY_ITEM_FEATURES = keyOf("aliccp-item-features");
const KEY_CENTROID = keyOf("aliccp-centroid");
const KEY_USER_NOISE = keyOf("aliccp-user-noise");
const KEY_ITEM_NOISE = keyOf("aliccp-item-noise");

/** Which feature centroids make up a factor: the field, its share of the feature part's variance, its number of values. */
const USER_PARTS: [string, number, number][] = [["user_profile", 0.4, 97], ["user_group", 0.3, 12], ["user_consumption_1", 0.15, 3], ["user_geography", 0.15, 4]];
const ITEM_PARTS: [string, number, number][] = [["item_category", 0.6, CATEGORIES], ["item_brand", 0.4, CATEGORIES * BRANDS_PER_CATEGORY]];

/**
 * Per-id features and feature-tied factors, cached per id.
 * @example const w = new FeatureFactors(42, 8, 0.2); w.itemFeatures(7).item_category; w.userFactor(3, "features")
 */
export class FeatureFactors {
  private readonly cache = new Map<number, Float32Array>();
  private readonly users = new Map<number, Record<string, number>>();
  private readonly items = new Map<number, Record<string, number>>();
  private readonly centroids = new Map<string, Float32Array>();

  constructor(private readonly seed: number, private readonly dims: number, private readonly idShare: number) {
    if (!(idShare >= 0 && idShare <= 1)) throw new RangeError(`idShare must be in [0, 1], got ${idShare}`);
  }

  /** The user's segment fields (USER_SEGMENT_FIELDS), each ≥ 1. */
  userFeatures(id: number): Record<string, number> {
    let f = this.users.get(id);
    if (!f) {
      const r = new Rng(this.seed, KEY_USER_FEATURES, id);
      const gender = 1 + r.int(2);
      const age = 1 + r.int(7);
      f = {
        user_profile: 1 + r.int(97),
        user_group: (gender - 1) * 6 + Math.min(age, 6),
        user_gender: gender,
        user_age: age,
        user_consumption_1: 1 + r.int(3),
        user_consumption_2: 1 + r.int(3),
        user_is_occupied: 1 + r.int(2),
        user_geography: 1 + r.int(4),
      };
      this.users.set(id, f);
    }
    return f;
  }

  /** The item's fields (ITEM_FEATURE_FIELDS): brand nested in category, shop in brand. */
  itemFeatures(id: number): Record<string, number> {
    let f = this.items.get(id);
    if (!f) {
      const r = new Rng(this.seed, KEY_ITEM_FEATURES, id);
      const category = 1 + r.int(CATEGORIES);
      const brand = (category - 1) * BRANDS_PER_CATEGORY + 1 + r.int(BRANDS_PER_CATEGORY);
      f = {
        item_category: category,
        item_shop: (brand - 1) * SHOPS_PER_BRAND + 1 + r.int(SHOPS_PER_BRAND),
        item_intention: 1 + r.int(INTENTIONS),
        item_brand: brand,
      };
      this.items.set(id, f);
    }
    return f;
  }

  /** "all": the planted factor; "features": its feature part only (what the features can tell). */
  userFactor(id: number, part: "all" | "features" = "all"): Float32Array {
    return this.factor(0, id, part, this.userFeatures(id), USER_PARTS, KEY_USER_NOISE);
  }

  itemFactor(id: number, part: "all" | "features" = "all"): Float32Array {
    return this.factor(1, id, part, this.itemFeatures(id), ITEM_PARTS, KEY_ITEM_NOISE);
  }

  private factor(side: number, id: number, part: string, feats: Record<string, number>, parts: [string, number, number][], noiseKey: number): Float32Array {
    const k = id * 4 + side * 2 + (part === "all" ? 1 : 0);
    let f = this.cache.get(k);
    if (f) return f;
    const s = 1 - this.idShare;
    f = new Float32Array(this.dims);
    for (const [field, share, values] of parts) {
      const c = this.centroidsOf(field, values);
      const at = (feats[field]! - 1) * this.dims;
      for (let d = 0; d < this.dims; d++) f[d]! += Math.sqrt(share * s) * c[at + d]!;
    }
    if (part === "all") {
      const r = new Rng(this.seed, noiseKey, id);
      for (let d = 0; d < this.dims; d++) f[d]! += (Math.sqrt(this.idShare) * r.normal()) / Math.sqrt(this.dims);
    }
    this.cache.set(k, f);
    return f;
  }

  /**
   * A field's centroids (values × dims), centred over the values and rescaled to variance 1/dims:
   * uncentred, the few centroids of a coarse field (3 consumption levels) have a sizeable mean that
   * every user shares, which would hand popularity a taste common to all.
   */
  private centroidsOf(field: string, values: number): Float32Array {
    let c = this.centroids.get(field);
    if (c) return c;
    const D = this.dims;
    c = new Float32Array(values * D);
    const mean = new Float64Array(D);
    for (let v = 0; v < values; v++) {
      const r = new Rng(this.seed, KEY_CENTROID, keyOf(field), v + 1);
      for (let d = 0; d < D; d++) mean[d]! += (c[v * D + d] = r.normal() / Math.sqrt(D)) / values;
    }
    const scale = Math.sqrt(values / (values - 1));
    for (let v = 0; v < values; v++) for (let d = 0; d < D; d++) c[v * D + d] = (c[v * D + d]! - mean[d]!) * scale;
    this.centroids.set(field, c);
    return c;
  }
}
