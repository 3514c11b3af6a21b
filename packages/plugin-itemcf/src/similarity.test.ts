import { describe, expect, test } from "bun:test";
import { referenceBackend, type Csr } from "@shortlist/core-gpu";
import { similarityOptions, type Similarity } from "./similarity.ts";

// users: u0 {0,1,2}, u1 {0,1}, u2 {1,2,3}, u3 {0,3}
const x: Csr = { rows: 4, cols: 4, indptr: new Int32Array([0, 3, 5, 8, 10]), indices: new Int32Array([0, 1, 2, 0, 1, 1, 2, 3, 0, 3]) };
const users = [[0, 1, 2], [0, 1], [1, 2, 3], [0, 3]];

/** The similarity straight from its definition, user by user. */
function bruteForce(sim: Similarity, exponent: number, alpha: number, shrink: number, i: number, j: number): number {
  const r = (u: number) => Math.pow(users[u]!.length, -exponent);
  let c = 0;
  let si = 0;
  let sj = 0;
  users.forEach((items, u) => {
    if (items.includes(i)) si += r(u);
    if (items.includes(j)) sj += r(u);
    if (items.includes(i) && items.includes(j)) c += r(u);
  });
  if (sim === "cosine") return c / (Math.sqrt(si) * Math.sqrt(sj) + shrink);
  if (sim === "jaccard") return c / (si + sj - c + shrink);
  return c / (si ** alpha * sj ** (1 - alpha) + shrink);
}

describe("similarityOptions", () => {
  for (const sim of ["cosine", "jaccard", "asymmetric"] as const) {
    for (const exponent of [1, 0, 2]) {
      test(`${sim}, activity exponent ${exponent}: every neighbour score matches the definition`, async () => {
        const spec = { similarity: sim, activityExponent: exponent, alpha: 0.3, shrink: 0.5, minCount: 1, neighbours: 3 };
        const top = await referenceBackend().cooccurrenceTopN(x, similarityOptions(x, spec));
        let checked = 0;
        for (let i = 0; i < 4; i++) {
          for (let t = 0; t < 3; t++) {
            const j = top.ids[i * 3 + t]!;
            if (j < 0) continue;
            expect(top.scores[i * 3 + t]).toBeCloseTo(bruteForce(sim, exponent, 0.3, 0.5, i, j), 5);
            checked++;
          }
        }
        expect(checked).toBe(12); // all 6 item pairs co-occur, each in both directions
      });
    }
  }

  test("MetaSpore's default on a hand-computed pair", async () => {
    // items 0 and 1: shared by u0 (w²=1/3) and u1 (1/2); item 0 users u0,u1,u3 (1/3+1/2+1/2); item 1 users u0,u1,u2 (1/3+1/2+1/3)
    const o = similarityOptions(x, { similarity: "cosine", activityExponent: 1, alpha: 0.5, shrink: 0, minCount: 1, neighbours: 3 });
    const top = await referenceBackend().cooccurrenceTopN(x, o);
    const expected = (1 / 3 + 1 / 2) / (Math.sqrt(1 / 3 + 1 / 2 + 1 / 2) * Math.sqrt(1 / 3 + 1 / 2 + 1 / 3));
    const at = Array.from(top.ids.subarray(0, 3)).indexOf(1);
    expect(top.scores[at]).toBeCloseTo(expected, 6);
  });
});
