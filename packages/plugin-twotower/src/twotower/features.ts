/**
 * Tower inputs from a side table (`users` or `items`): which columns become which kind of feature,
 * and every entity's encoded values. Integer and single-valued string columns are categorical
 * (code = 1 + position in the sorted vocabulary, 0 = unknown), "|"-separated strings are
 * multi-valued (a bag of token codes, mean-pooled), float columns are numeric (standardised; NaN
 * reads as the mean). The entity's own id is a categorical feature like any other.
 */
import { UserError, type Column, type Table } from "@shortlist/runner";

/** A categorical feature: raw value (as text) → code; `keys` are the raw values in code order. */
export interface CategoricalFeature {
  kind: "categorical";
  name: string;
  /** Raw values that have a code; code = index + 1 unless `codeOf` says otherwise (prefixes share codes). */
  keys: (number | string)[];
  keyCodes: Int32Array;
  /** Rows of the embedding table: codes 0 … cardinality−1. */
  cardinality: number;
  /** Whether raw values are integers (ONNX int64 input) or strings. */
  numericKeys: boolean;
  /** Code of every entity. */
  codes: Int32Array;
}

/** A multi-valued string feature ("Action|Comedy"): tokens → codes, pooled by mean. */
export interface BagFeature {
  kind: "bag";
  name: string;
  keys: string[];
  cardinality: number;
  /** Entity e's token codes: codes[offsets[e] .. offsets[e+1]). */
  offsets: Int32Array;
  codes: Int32Array;
}

/** A float feature, standardised with the table's mean and standard deviation. */
export interface NumericFeature {
  kind: "numeric";
  name: string;
  mean: number;
  std: number;
  /** Standardised value of every entity. */
  values: Float32Array;
}

export type Feature = CategoricalFeature | BagFeature | NumericFeature;

export interface FeatureOptions {
  /** Columns to use; undefined = every column but the id and `skip`. */
  columns?: string[];
  skip: string[];
  /** Column → keep only this many leading characters (MovieLens zip → region). */
  prefixes: Record<string, number>;
  /**
   * Ids with fewer than `min` training rows (`counts`, in the ids' order) get no code of their
   * own: they share code 0, the unknown id's row, as NVTabular's Categorify freq_threshold does.
   */
  rareIds?: { min: number; counts: Int32Array };
  /**
   * Values of every other categorical or multi-valued column whose entities have fewer than
   * `min` training rows between them (`counts` as above) get no code either: they read as
   * unknown (NVTabular applies freq_threshold to every Categorify column). Catches columns that
   * are the id in disguise (Ali-CCP's user_shops: one value per user) as well as rare values.
   */
  rareValues?: { min: number; counts: Int32Array };
}

/**
 * Encodes `ids` (raw ids, the catalogue's order) with the id feature first, then the side table's
 * columns. An id absent from the side table, when it has feature columns, is a UserError naming
 * the stage, the table and the id.
 * @example
 * const f = encodeFeatures("recall.twotower", "users", usersTable, "user", ix.users, { skip: [], prefixes: {} });
 */
export function encodeFeatures(stage: string, tableName: string, t: Table | undefined, key: string, ids: Int32Array, o: FeatureOptions): Feature[] {
  // A rare id reads as "" (no value), which codes to 0 and has no key in the exported tower; ids
  // are distinct, so each id's count is its own entity's.
  const rareIds = o.rareIds && o.rareIds.min > 0 ? o.rareIds : undefined;
  const features: Feature[] = [categorical(key, dropRare(Array.from(ids), rareIds, undefined), true, undefined, true)!];
  if (!t) {
    if (o.columns && o.columns.length > 0) throw new UserError(`${stage}: features [${o.columns.join(", ")}] of ${tableName} were asked for, but the pipeline has no ${tableName} table; produce it with a data.* stage or set the option to []`);
    return features;
  }
  const idCol = t.columns[key];
  if (!idCol || Array.isArray(idCol)) throw new UserError(`${stage}: ${tableName} needs an integer "${key}" column (columns: ${Object.keys(t.columns).join(", ")})`);
  const names = pickColumns(stage, tableName, t, key, o);
  if (names.length === 0) return features;
  const rowOf = new Map<number, number>();
  for (let r = 0; r < t.length; r++) if (!rowOf.has(idCol[r]!)) rowOf.set(idCol[r]!, r);
  const rows = Int32Array.from(ids, (id, e) => {
    const r = rowOf.get(id);
    if (r === undefined) {
      throw new UserError(`${stage}: ${key} ${id} (entity ${e + 1} of ${ids.length}) has no row in ${tableName}, whose columns [${names.join(", ")}] the ${key} tower reads; add the row, or leave those columns out (option ${key}Features: [])`);
    }
    return r;
  });
  const rareValues = o.rareValues && o.rareValues.min > 0 ? o.rareValues : undefined;
  for (const name of names) {
    const f = encodeColumn(name, t.columns[name]!, rows, o.prefixes[name], rareValues);
    if (f) features.push(f);
  }
  return features;
}

function pickColumns(stage: string, tableName: string, t: Table, key: string, o: FeatureOptions): string[] {
  if (!o.columns) return Object.keys(t.columns).filter((c) => c !== key && !o.skip.includes(c));
  for (const c of o.columns) {
    if (!(c in t.columns)) throw new UserError(`${stage}: option ${key}Features names "${c}", but ${tableName} has no such column (it has: ${Object.keys(t.columns).join(", ")})`);
  }
  return o.columns.filter((c) => c !== key);
}

/** One column → a feature, or undefined when it holds a single value (nothing to learn from). */
function encodeColumn(name: string, col: Column, rows: Int32Array, prefix: number | undefined, rare?: { min: number; counts: Int32Array }): Feature | undefined {
  if (Array.isArray(col)) {
    const raw = Array.from(rows, (r) => col[r]!);
    if (raw.some((v) => v.includes("|"))) return bag(name, raw, rare);
    return categorical(name, dropRare(raw, rare, prefix), false, prefix, false);
  }
  if (col instanceof Float32Array || col instanceof Float64Array) return numeric(name, Float64Array.from(rows, (r) => col[r]!));
  return categorical(name, dropRare(Array.from(rows, (r) => col[r]!), rare, prefix), false, prefix, true);
}

/** Training rows behind each value: the sum of its entities' counts. */
function valueCounts<V>(raw: V[][], counts: Int32Array): Map<V, number> {
  const m = new Map<V, number>();
  raw.forEach((values, e) => values.forEach((v) => m.set(v, (m.get(v) ?? 0) + counts[e]!)));
  return m;
}

/**
 * Entity values whose entities have fewer than `min` training rows between them read as ""
 * (unknown); with a prefix, values are counted by the prefix they share a code through.
 */
function dropRare(raw: (number | string)[], rare: { min: number; counts: Int32Array } | undefined, prefix: number | undefined): (number | string)[] {
  if (!rare) return raw;
  const group = (v: number | string) => (prefix === undefined ? String(v) : String(v).slice(0, prefix));
  const n = valueCounts(raw.map((v) => [group(v)]), rare.counts);
  return raw.map((v) => (v === "" || n.get(group(v))! < rare.min ? "" : v));
}

/**
 * Distinct raw values sorted, each coded 1…; with `prefix`, values sharing a prefix share a code.
 * Undefined for a single value, unless `always` (the id feature).
 */
function categorical(name: string, raw: (number | string)[], always: boolean, prefix: number | undefined, numericKeys: boolean): CategoricalFeature | undefined {
  const cut = (v: number | string) => (prefix === undefined ? String(v) : String(v).slice(0, prefix));
  const distinct = [...new Set(raw.filter((v) => v !== ""))].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : 1));
  const groups = [...new Set(distinct.map(cut))];
  if (!always && groups.length < 2) return undefined;
  const groupCode = new Map(groups.map((g, k) => [g, k + 1]));
  const keyCodes = Int32Array.from(distinct, (v) => groupCode.get(cut(v))!);
  const codeOf = new Map(distinct.map((v, k) => [v, keyCodes[k]!]));
  const codes = Int32Array.from(raw, (v) => codeOf.get(v) ?? 0);
  return { kind: "categorical", name, keys: distinct, keyCodes, cardinality: groups.length + 1, numericKeys, codes };
}

function bag(name: string, raw: string[], rare?: { min: number; counts: Int32Array }): BagFeature {
  let lists = raw.map((v) => v.split("|").filter((s) => s !== ""));
  if (rare) {
    const n = valueCounts(lists, rare.counts);
    lists = lists.map((l) => l.filter((k) => n.get(k)! >= rare.min));
  }
  const keys = [...new Set(lists.flat())].sort();
  const codeOf = new Map(keys.map((k, i) => [k, i + 1]));
  const offsets = new Int32Array(raw.length + 1);
  lists.forEach((l, e) => (offsets[e + 1] = offsets[e]! + l.length));
  const codes = Int32Array.from(lists.flat(), (k) => codeOf.get(k)!);
  return { kind: "bag", name, keys, cardinality: keys.length + 1, offsets, codes };
}

function numeric(name: string, raw: Float64Array): NumericFeature | undefined {
  let [sum, n] = [0, 0];
  for (const v of raw) if (!Number.isNaN(v)) (sum += v), n++;
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (const v of raw) if (!Number.isNaN(v)) sq += (v - mean) ** 2;
  // Mean and std are f32 and each step rounds to f32, as the exported graph computes it.
  const [m, std] = [Math.fround(mean), Math.fround(n > 0 ? Math.sqrt(sq / n) : 0)];
  if (!(std > 0)) return undefined;
  const values = Float32Array.from(raw, (v) => (Number.isNaN(v) ? 0 : Math.fround(Math.fround(v) - m) / std));
  return { kind: "numeric", name, mean: m, std, values };
}
