import { describe, expect, test } from "bun:test";
import { createCpuEngine } from "@shortlist/core-gpu";
import { inBatchSoftmax, Rng } from "@shortlist/core-gpu/nn";
import { columnLogQ, sampledSoftmax } from "./loss.ts";

const engine = createCpuEngine({ threads: 1 });

function randomMatrix(rng: Rng, rows: number, cols: number): Float32Array {
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

/** The loss in f64 on the host, straight from its definition. */
function reference(q: Float32Array, k: Float32Array, b: number, cols: number, d: number, items: Int32Array, t: number, logQ?: Float32Array): number {
  let total = 0;
  for (let i = 0; i < b; i++) {
    const logits: number[] = [];
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let x = 0; x < d; x++) s += q[i * d + x]! * k[j * d + x]!;
      const masked = j !== i && items[j] === items[i];
      logits.push(masked ? -Infinity : s / t - (logQ ? logQ[j]! : 0));
    }
    const m = Math.max(...logits);
    const lse = m + Math.log(logits.reduce((p, l) => p + Math.exp(l - m), 0));
    total += lse - logits[i]!;
  }
  return total / b;
}

describe("sampledSoftmax", () => {
  test("matches the f64 definition with extra negatives, accidental hits, logQ and a temperature", async () => {
    const rng = new Rng(3);
    const [b, n, d] = [9, 5, 6];
    const q = randomMatrix(rng, b, d), k = randomMatrix(rng, b + n, d);
    const items = Int32Array.from({ length: b + n }, () => rng.int(7)); // repeats: accidental hits
    const counts = Float64Array.from({ length: 7 }, () => 1 + rng.int(10));
    const total = counts.reduce((p, c) => p + c, 0);
    const logQ = columnLogQ(items, counts, total, b, n, () => 1 / 7);
    const got = await sampledSoftmax(engine.fromHost(q, [b, d]), engine.fromHost(k, [b + n, d]), { temperature: 0.3, columnItems: items, logQ }).item();
    expect(got).toBeCloseTo(reference(q, k, b, b + n, d, items, 0.3, logQ), 4);
  });

  test("without extra negatives it equals core-gpu's inBatchSoftmax", async () => {
    const rng = new Rng(4);
    const [b, d] = [12, 4];
    const q = engine.fromHost(randomMatrix(rng, b, d), [b, d]), k = engine.fromHost(randomMatrix(rng, b, d), [b, d]);
    const items = Int32Array.from({ length: b }, () => rng.int(6));
    const ours = await sampledSoftmax(q, k, { temperature: 0.5, columnItems: items }).item();
    expect(ours).toBeCloseTo(await inBatchSoftmax(q, k, { temperature: 0.5, itemIds: items }).item(), 5);
  });
});
