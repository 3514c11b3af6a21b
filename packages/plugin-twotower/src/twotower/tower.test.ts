import { expect, test } from "bun:test";
import { createCpuEngine } from "@shortlist/core-gpu";
import { Rng } from "@shortlist/core-gpu/nn";
import { encodeFeatures } from "./features.ts";
import { Tower } from "./tower.ts";

test("idDropout: in training a row's id reads as the unknown id with that chance; inference never drops it", async () => {
  const engine = createCpuEngine({ threads: 1 });
  const n = 400;
  const features = encodeFeatures("test", "users", undefined, "user", Int32Array.from({ length: n }, (_, i) => 10 + i), { skip: [], prefixes: {} });
  const tower = new Tower(engine, "user", features, { idDim: 4, featureDim: 4, layers: [8, 4], activation: "relu", dropout: 0, idDropout: 0.3, l2Normalize: false }, new Rng(2));
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const own = await tower.encodeAll();
  const vec = (a: Float32Array, r: number) => Array.from(a.subarray(r * 4, r * 4 + 4)).join();
  const dropped = async (seed: number) => {
    const t = (await tower.forward(rows, { seed }).read()) as Float32Array;
    const out: number[] = [];
    const unknown = new Set<string>();
    for (let r = 0; r < n; r++) {
      if (vec(t, r) === vec(own, r)) continue;
      out.push(r), unknown.add(vec(t, r));
    }
    expect(unknown.size).toBe(1); // every dropped row is the unknown id's one vector
    return out;
  };
  const a = await dropped(5);
  expect(a.length).toBeGreaterThan(0.3 * n - 40);
  expect(a.length).toBeLessThan(0.3 * n + 40);
  expect(await dropped(5)).toEqual(a);
  expect(await dropped(6)).not.toEqual(a);
  expect(Array.from(await tower.encodeAll())).toEqual(Array.from(own));
});
