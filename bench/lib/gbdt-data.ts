/**
 * Data sets of `bun run bench gbdt`, written once as raw float32 files that both sides load (ours in
 * bench/lib/gbdt-ours.ts, XGBoost in bench/peers/gbdt_xgboost.py), so both train on the very same
 * numbers: per split `<split>.x` (column-major, F × n float32, NaN = missing) and `<split>.y`.
 *  - ml100k:  data.features' samples.ranking of ML-100K (rating ≥ 4 vs ≤ 2; split: ratio 0.8/0.1/0.1 per user);
 *             features = every column but split, user, item, timestamp, label.
 *  - aliccp:  synthetic Ali-CCP with the planted signal (data.aliccp's generator), label = click,
 *             the 23 other columns as features, rows split 80/10/10 in generation order (rows are iid).
 *  - criteo:  the 8,000-row Criteo sample (train/dev/test files); I1..I13 as numbers, C1..C26 as the
 *             category's frequency rank in the training file (unseen → one "other" code), empty → NaN.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Table } from "@shortlist/runner";
import { generateAliCcp } from "../../packages/plugin-data/src/synthetic/aliccp.ts";
import { loadMovieLens } from "../../packages/plugin-data/src/movielens/load.ts";
import { BadRows } from "../../packages/plugin-data/src/io/bad-rows.ts";
import { generateFeatures } from "../../packages/plugin-data/src/features/stage.ts";
import { featuresOptions } from "../../packages/plugin-data/src/features/options.ts";

export const SHARED = join(import.meta.dir, "..", "..", "..", "shared", "data");

export interface SplitMeta { n: number }
export interface CaseMeta { name: string; dir: string; features: string[]; splits: { train: SplitMeta; valid: SplitMeta; test: SplitMeta } }

type Split = { x: Float32Array[]; y: Float32Array };

function write(dir: string, name: string, features: string[], splits: Record<"train" | "valid" | "test", Split>): CaseMeta {
  mkdirSync(dir, { recursive: true });
  const meta: CaseMeta = { name, dir, features, splits: { train: { n: 0 }, valid: { n: 0 }, test: { n: 0 } } };
  for (const s of ["train", "valid", "test"] as const) {
    const { x, y } = splits[s];
    const n = y.length;
    const out = new Float32Array(n * x.length);
    x.forEach((c, f) => out.set(c, f * n));
    writeFileSync(join(dir, `${s}.x`), out);
    writeFileSync(join(dir, `${s}.y`), y);
    meta.splits[s].n = n;
  }
  writeFileSync(join(dir, "meta.json"), JSON.stringify(meta));
  return meta;
}

/**
 * Loads a case written by the functions below.
 * @example const { meta, train } = loadCase(dir);
 */
export function loadCase(dir: string): { meta: CaseMeta } & Record<"train" | "valid" | "test", Split> {
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as CaseMeta;
  const F = meta.features.length;
  const read = (s: "train" | "valid" | "test"): Split => {
    const n = meta.splits[s].n;
    const buf = readFileSync(join(dir, `${s}.x`));
    const all = new Float32Array(buf.buffer, buf.byteOffset, n * F);
    const yb = readFileSync(join(dir, `${s}.y`));
    return { x: Array.from({ length: F }, (_, f) => all.subarray(f * n, (f + 1) * n)), y: new Float32Array(yb.buffer, yb.byteOffset, n) };
  };
  return { meta, train: read("train"), valid: read("valid"), test: read("test") };
}

/** Rows of table columns where keep(row), as float32 columns. */
function pick(t: Table, names: string[], rows: Int32Array): Float32Array[] {
  return names.map((c) => { const col = t.columns[c] as ArrayLike<number>; return Float32Array.from(rows, (r) => col[r]!); });
}

/** ML-100K ranking samples; undefined when the data set is absent. */
export function ml100kCase(root: string): CaseMeta | undefined {
  const path = join(SHARED, "ml-100k");
  if (!existsSync(path)) return undefined;
  const m = loadMovieLens(path, new BadRows("fail"));
  const out = generateFeatures(m.interactions, m.users, m.items, featuresOptions.parse({ ranking: true, split: "ratio", ratios: [0.8, 0.1, 0.1] }), 42);
  const t = out["samples.ranking"] as Table;
  const skip = new Set(["split", "user", "item", "timestamp", "label"]);
  const features = Object.keys(t.columns).filter((c) => !skip.has(c));
  const split = t.columns.split as Uint8Array;
  const label = t.columns.label as Float32Array;
  const part = (s: number): Split => {
    const rows = Int32Array.from(Array.from({ length: t.length }, (_, i) => i).filter((i) => split[i] === s));
    return { x: pick(t, features, rows), y: Float32Array.from(rows, (r) => label[r]!) };
  };
  return write(join(root, "ml100k"), "ml100k", features, { train: part(0), valid: part(1), test: part(2) });
}

/** Synthetic Ali-CCP, planted signal, `rows` rows split 80/10/10. */
export function aliccpCase(root: string, rows: number): CaseMeta {
  const cols = generateAliCcp({ rows, signal: "planted", seed: 42, clickRate: 0.1, conversionRate: 0.05, strength: 3, dims: 8 });
  const features = Object.keys(cols).filter((c) => c !== "click" && c !== "conversion");
  const a = Math.floor(rows * 0.8), b = Math.floor(rows * 0.9);
  const part = (s: number, e: number): Split => ({ x: features.map((c) => Float32Array.from(cols[c]!.subarray(s, e))), y: Float32Array.from(cols.click!.subarray(s, e)) });
  return write(join(root, `aliccp-${rows}`), `aliccp-${rows}`, features, { train: part(0, a), valid: part(a, b), test: part(b, rows) });
}

/** The Criteo sample; undefined when absent. */
export function criteoCase(root: string): CaseMeta | undefined {
  const path = join(SHARED, "criteo-sample");
  if (!existsSync(path)) return undefined;
  const parse = (file: string) => readFileSync(join(path, file), "utf8").split("\n").filter((l) => l.length > 0).map((l) => l.split("\t"));
  const raw = { train: parse("train.csv"), valid: parse("dev.csv"), test: parse("test.csv") };
  const features = [...Array.from({ length: 13 }, (_, i) => `I${i + 1}`), ...Array.from({ length: 26 }, (_, i) => `C${i + 1}`)];
  // Category codes: frequency rank in the training file (0 = most frequent); unseen → one code after them.
  const codes = Array.from({ length: 26 }, (_, c) => {
    const counts = new Map<string, number>();
    for (const r of raw.train) { const v = r[14 + c]!; if (v !== "") counts.set(v, (counts.get(v) ?? 0) + 1); }
    return new Map([...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v], i) => [v, i]));
  });
  const part = (rows: string[][]): Split => ({
    y: Float32Array.from(rows, (r) => Number(r[0])),
    x: features.map((_, f) => Float32Array.from(rows, (r) => {
      const v = r[f + 1] ?? "";
      if (v === "") return NaN;
      if (f < 13) return Number(v);
      const m = codes[f - 13]!;
      return m.get(v) ?? m.size;
    })),
  });
  return write(join(root, "criteo"), "criteo", features, { train: part(raw.train), valid: part(raw.valid), test: part(raw.test) });
}
