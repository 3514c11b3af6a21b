/**
 * The datasets of `bun run bench widedeep`, each as one table with split (0 fit, 1 valid, 2 test),
 * label and feature columns, plus the columns the model reads:
 *  - ML-100K ranking samples (data.features ranking: true, ratio split 0.8/0.1/0.1; rating ≥ 4 vs ≤ 2)
 *  - synthetic Ali-CCP with the planted signal (data.synthetic.aliccp; rows split 80/10/10 by a
 *    seeded hash of the row), label = click
 *  - the Criteo sample in /work/shared/data/criteo-sample (train/dev/test files as the splits;
 *    I1..I13 dense, NaN when empty; C1..C26 hex hashes as int32 codes, 0 when empty)
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hash32 } from "../../packages/core-gpu/src/random/rng.ts";
import { table, type Table } from "../../packages/runner/src/index.ts";
import { runStage } from "../../packages/runner/src/testing.ts";
import dataPlugin from "../../packages/plugin-data/src/index.ts";

export interface BenchData {
  name: string;
  samples: Table;
  columns: { sparse: string[]; dense: string[]; crosses: string[]; sequence: string[] };
}

const DATA = process.env.SHARED_DATA ?? "/work/shared/data";

/** @example const d = await ml100k(); */
export async function ml100k(): Promise<BenchData | string> {
  const path = join(DATA, "ml-100k");
  if (!existsSync(path)) return `${path} is absent`;
  const src = (await runStage(dataPlugin, "data.movielens", { options: { path } })).outputs;
  const feats = await runStage(dataPlugin, "data.features", { inputs: { interactions: src.interactions!, users: src.users!, items: src.items! }, options: { split: "ratio", ratios: [0.8, 0.1, 0.1], ranking: true } });
  return {
    name: "ML-100K ranking samples",
    samples: feats.outputs["samples.ranking"] as Table,
    columns: {
      sparse: ["*_code"],
      dense: ["user_count", "user_mean_rating", "user_high_share", "item_count", "item_mean_rating", "item_high_share"],
      crosses: ["user_code#genre_code", "user_code#last_genre_code", "item_code#last_item_code"],
      sequence: ["hist_*"],
    },
  };
}

/** @example const d = await aliccp(1_000_000); */
export async function aliccp(rows: number): Promise<BenchData> {
  const imp = (await runStage(dataPlugin, "data.synthetic.aliccp", { options: { rows, signal: "planted" } })).outputs.impressions as Table;
  const split = Uint8Array.from({ length: imp.length }, (_, r) => {
    const h = hash32(42, r) % 10;
    return h < 8 ? 0 : h < 9 ? 1 : 2;
  });
  const c = imp.columns as Record<string, Int32Array>;
  const features = Object.keys(c).filter((k) => k !== "click" && k !== "conversion");
  return {
    name: `synthetic Ali-CCP (planted, ${rows.toLocaleString("en")} rows)`,
    samples: table({ ...c, split, user: c.user_id!, item: c.item_id!, label: Float32Array.from(c.click!) }),
    columns: {
      sparse: features,
      dense: [],
      crosses: ["user_categories#item_category", "user_shops#item_shop", "user_brands#item_brand", "user_intentions#item_intention", "user_id#item_category"],
      sequence: [],
    },
  };
}

/** @example const d = criteo(); */
export function criteo(): BenchData | string {
  const dir = join(DATA, "criteo-sample");
  if (!existsSync(dir)) return `${dir} is absent`;
  const lines: string[][] = [];
  const split: number[] = [];
  ["train.csv", "dev.csv", "test.csv"].forEach((f, s) => {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      lines.push(line.split("\t"));
      split.push(s);
    }
  });
  const cols: Record<string, Float32Array | Int32Array | Uint8Array> = { split: Uint8Array.from(split) };
  cols.label = Float32Array.from(lines, (l) => Number(l[0]));
  cols.user = new Int32Array(lines.length);
  cols.item = new Int32Array(lines.length);
  for (let i = 1; i <= 13; i++) cols[`I${i}`] = Float32Array.from(lines, (l) => (l[i] ? Number(l[i]) : NaN));
  for (let j = 1; j <= 26; j++) cols[`C${j}`] = Int32Array.from(lines, (l) => (l[13 + j] ? parseInt(l[13 + j]!, 16) | 0 : 0));
  return {
    name: `Criteo sample (${lines.length.toLocaleString("en")} rows)`,
    samples: table(cols),
    columns: { sparse: ["C*"], dense: ["I*"], crosses: [], sequence: [] },
  };
}
