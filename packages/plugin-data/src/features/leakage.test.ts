/**
 * Done-when: no test-split row influences any training feature. Change held-out ratings and every
 * training artifact must stay byte-identical; change a training rating and they must not (so the
 * comparison can fail).
 */
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { listAt, table, type Table } from "@shortlist/runner";
import { BadRows } from "../io/bad-rows.ts";
import { loadMovieLens } from "../movielens/load.ts";
import { buildWorld, interactionsTable, itemsTable, usersTable } from "../synthetic/movielens.ts";
import { sharedDataset } from "../testing/fixtures.ts";
import { featuresOptions } from "./options.ts";
import { generateFeatures } from "./stage.ts";

const TRAINING_ARTIFACTS = ["split.train", "features.user", "features.item", "features.item_feature", "features.genre", "vocab", "samples.retrieval", "samples.ranking"];

/** sha256 of every column's bytes (strings as JSON); samples.ranking restricted to its training rows. */
function fingerprint(out: Record<string, unknown>): Record<string, string> {
  const prints: Record<string, string> = {};
  for (const name of TRAINING_ARTIFACTS) {
    const a = out[name] as Table | { kind: "json"; value: unknown };
    const h = createHash("sha256");
    if (a.kind === "json") h.update(JSON.stringify(a.value));
    else {
      const keep = name === "samples.ranking" ? (r: number) => (a.columns.split as Uint8Array)[r] === 0 : () => true;
      for (const [k, c] of Object.entries(a.columns)) {
        h.update(k);
        const rows = Array.from({ length: a.length }, (_, r) => r).filter(keep);
        if (Array.isArray(c)) h.update(JSON.stringify(rows.map((r) => c[r])));
        else {
          const picked = new Float64Array(rows.length);
          rows.forEach((r, j) => (picked[j] = c[r]!));
          h.update(c.constructor.name).update(new Uint8Array(picked.buffer));
        }
      }
      for (const [k, l] of Object.entries(a.lists ?? {})) h.update(k).update(JSON.stringify(Array.from({ length: a.length }, (_, r) => r).filter(keep).map((r) => Array.from(listAt(l, r)))));
    }
    prints[name] = h.digest("hex");
  }
  return prints;
}

/** A copy of `t` whose ratings at the rows matching `pick` are replaced. */
function withRatings(t: Table, rows: number[], value: (old: number) => number): Table {
  const rating = (t.columns.rating as Float32Array).slice();
  for (const r of rows) rating[r] = value(rating[r]!);
  return table({ ...t.columns, rating });
}

/** Source rows of `t` that a split table holds (matched on user, item, timestamp). */
function rowsOf(t: Table, split: Table): number[] {
  const key = (u: number, i: number, s: number) => `${u}/${i}/${s}`;
  const wanted = new Set<string>();
  for (let r = 0; r < split.length; r++) wanted.add(key(split.columns.user![r] as number, split.columns.item![r] as number, split.columns.timestamp![r] as number));
  const out: number[] = [];
  for (let r = 0; r < t.length; r++) if (wanted.has(key(t.columns.user![r] as number, t.columns.item![r] as number, t.columns.timestamp![r] as number))) out.push(r);
  return out;
}

const flip = (r: number) => (r >= 3 ? 1 : 5);
const CONFIGS: Record<string, object> = {
  "leave-last": { validCount: 1 },
  ratio: { split: "ratio" },
  time: { split: "time", validShare: 0.05 },
  "leave-last + 5-core": { kCore: 5 },
};

function checkNoLeak(data: { interactions: Table; users?: Table; items?: Table }, name: string, configs = Object.keys(CONFIGS)) {
  for (const label of configs) {
    const o = CONFIGS[label]!;
    test(`${name}, ${label}: changing held-out ratings leaves training artifacts byte-identical`, () => {
      const options = featuresOptions.parse({ ...o, retrieval: true, ranking: true });
      const before = generateFeatures(data.interactions, data.users, data.items, options, 42);
      const held = [...rowsOf(data.interactions, before["split.test"] as Table), ...rowsOf(data.interactions, before["split.valid"] as Table)];
      expect(held.length).toBeGreaterThan(0);
      const one = generateFeatures(withRatings(data.interactions, held.slice(0, 1), flip), data.users, data.items, options, 42);
      const all = generateFeatures(withRatings(data.interactions, held, flip), data.users, data.items, options, 42);
      expect(fingerprint(one)).toEqual(fingerprint(before));
      expect(fingerprint(all)).toEqual(fingerprint(before));
      // The held-out change did happen …
      expect(Array.from((all["split.test"] as Table).columns.rating as Float32Array)).not.toEqual(Array.from((before["split.test"] as Table).columns.rating as Float32Array));
      // … and a training change is seen, so this comparison can fail.
      const trainRow = rowsOf(data.interactions, before["split.train"] as Table)[0]!;
      const touched = fingerprint(generateFeatures(withRatings(data.interactions, [trainRow], flip), data.users, data.items, options, 42));
      expect(touched["split.train"]).not.toBe(fingerprint(before)["split.train"]);
      expect(touched["features.user"]).not.toBe(fingerprint(before)["features.user"]);
    });
  }
}

describe("no leakage from held-out rows", () => {
  const world = buildWorld({ users: 200, items: 400, ratings: 12_000 }, 9);
  checkNoLeak({ interactions: interactionsTable(world), users: usersTable(world), items: itemsTable(world) }, "synthetic");
  const ml100k = sharedDataset("ml-100k");
  if (ml100k) {
    const m = loadMovieLens(ml100k, new BadRows("fail"));
    checkNoLeak(m, "ML-100K", ["leave-last", "time"]); // the synthetic data covers every protocol
  } else test.skip("ML-100K (absent)", () => {});
});
