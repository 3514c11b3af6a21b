/**
 * A plugin for the sharded sink tests: `fixture.sink-tables` makes seeded random tables of every
 * shape sink.redis writes — `recs.a` (lists of uneven length, some of one item), `i2i.b` (float32
 * scores that are not round), `features.user` (int, float32, float64 and string columns, strings
 * with quotes, accents and empty ones, and a list column with empty lists) — so a pipeline can
 * publish them with and without workers and the two Redis contents can be compared.
 */
import { z } from "zod";
import { API_VERSION, definePlugin, defineStage, int32Lists, table, type Table } from "@shortlist/runner";
import { seededRandom } from "@shortlist/runner/testing";

/** Long-form ranked lists, sorted by key then rank: `keys` keys (ascending, with gaps), 1..maxLen members each. */
function ranked(rnd: () => number, keys: number, maxLen: number, names: [string, string]): Table {
  const key: number[] = [], rank: number[] = [], member: number[] = [], score: number[] = [];
  for (let g = 0, id = 1; g < keys; g++, id += 1 + Math.floor(rnd() * 3)) {
    const len = 1 + Math.floor(rnd() * maxLen);
    for (let r = 0; r < len; r++) {
      key.push(id);
      rank.push(r);
      member.push(Math.floor(rnd() * 100_000));
      score.push(rnd() / (r + 1));
    }
  }
  return table({ [names[0]]: Int32Array.from(key), rank: Int32Array.from(rank), [names[1]]: Int32Array.from(member), score: Float32Array.from(score) });
}

function features(rnd: () => number, users: number): Table {
  const words = ["", "a", 'say "hi"', "Zürich", "東京", "back\\slash", "tab\there"];
  return table(
    {
      user: Int32Array.from({ length: users }, (_, i) => i * 2 + 1),
      age: Int32Array.from({ length: users }, () => 18 + Math.floor(rnd() * 60)),
      avg_rating: Float32Array.from({ length: users }, () => 1 + rnd() * 4),
      watch_volume: Float64Array.from({ length: users }, () => rnd() * 1e6),
      city: Array.from({ length: users }, () => words[Math.floor(rnd() * words.length)]! + (rnd() < 0.5 ? String(Math.floor(rnd() * 100)) : "")),
    },
    { recent_items: int32Lists(Array.from({ length: users }, () => Array.from({ length: Math.floor(rnd() * 4) }, () => Math.floor(rnd() * 5000)))) },
  );
}

export default definePlugin({
  name: "sink-tables-fixture",
  version: "1.0.0",
  apiVersion: API_VERSION,
  stages: {
    "fixture.sink-tables": defineStage({
      kind: "source",
      description: "seeded random recs.a, i2i.b and features.user for the sharded sink tests",
      options: z.object({ users: z.number().int().min(0).default(500), items: z.number().int().min(0).default(100) }),
      inputs: [],
      outputs: ["recs.a", "i2i.b", "features.user"],
      run(ctx, o) {
        const rnd = seededRandom(ctx.seed); // both runs of a comparison see the same tables
        ctx.output("recs.a", ranked(rnd, o.users, 12, ["user", "item"]));
        ctx.output("i2i.b", ranked(rnd, o.items, 8, ["item", "neighbour"]));
        ctx.output("features.user", features(rnd, o.users));
      },
    }),
  },
});
