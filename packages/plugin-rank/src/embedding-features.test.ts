import { expect, test } from "bun:test";
import { seededRandom } from "@shortlist/core-gpu";
import { table } from "@shortlist/runner";
import { embeddingFeatures } from "./embedding-features.ts";

const embTable = (key: string, ids: number[], vecs: number[][]) =>
  table({ [key]: Int32Array.from(ids), ...Object.fromEntries(vecs[0]!.map((_, j) => [`e${j}`, Float32Array.from(vecs, (v) => v[j]!)])) });

test("embeddingFeatures: cosine of user and item vectors and the gap to the user's best, against a plain computation", () => {
  const rand = seededRandom(5);
  const vec = () => Array.from({ length: 6 }, () => rand() * 2 - 1);
  const uv = [vec(), vec(), vec()];
  const iv = Array.from({ length: 10 }, vec);
  const users = embTable("user", [1, 2, 3], uv);
  const items = embTable("item", iv.map((_, i) => 100 + i), iv);
  // user 4 and item 999 have no vector
  const user = Int32Array.from([1, 1, 1, 2, 2, 4, 3, 3]);
  const item = Int32Array.from([100, 105, 999, 101, 109, 102, 103, 104]);
  const group = Int32Array.from([0, 0, 0, 1, 1, 2, 3, 3]);
  const f = embeddingFeatures(users, "emb.m.user", items, "emb.m.item", "m", user, item, group);
  const cos = (a: number[], b: number[]) => {
    const f = (v: number[]) => v.map(Math.fround);
    const [x, y] = [f(a), f(b)];
    const dot = x.reduce((s, v, j) => s + v * y[j]!, 0);
    return dot / Math.hypot(...x) / Math.hypot(...y);
  };
  const expected = Array.from(user, (u, r) => (u === 4 || item[r] === 999 ? NaN : cos(uv[u - 1]!, iv[item[r]! - 100]!)));
  Array.from(f.m_cos!).forEach((c, r) => (Number.isNaN(expected[r]!) ? expect(c).toBeNaN() : expect(c).toBeCloseTo(expected[r]!, 5)));
  for (let r = 0; r < user.length; r++) {
    const best = Math.max(...expected.filter((c, s) => group[s] === group[r] && !Number.isNaN(c)));
    if (Number.isNaN(expected[r]!) || best === -Infinity) expect(f.m_cos_gap![r]).toBeNaN();
    else expect(f.m_cos_gap![r]).toBeCloseTo(expected[r]! - best, 5);
  }
});

test("embeddingFeatures: tables without vector columns or of different sizes are UserErrors", () => {
  const u = embTable("user", [1], [[1, 0]]);
  const i3 = embTable("item", [1], [[1, 0, 0]]);
  const one = Int32Array.of(1);
  expect(() => embeddingFeatures(u, "emb.m.user", i3, "emb.m.item", "m", one, one, Int32Array.of(0))).toThrow("emb.m.user has 2 dimensions and emb.m.item 3");
  expect(() => embeddingFeatures(table({ user: one }), "emb.m.user", i3, "emb.m.item", "m", one, one, Int32Array.of(0))).toThrow("has no vector columns");
});
