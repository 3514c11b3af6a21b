/** uniqueInverse (hash table + sort of the distinct ids) against a plain Set/sort/indexOf reference on fresh seeded ids. */
import { expect, test } from "bun:test";
import { Rng } from "../random/rng.ts";
import { suiteSeed } from "../testing/random.ts";
import { uniqueInverse } from "./sparse.ts";

const seed = suiteSeed();

function reference(ids: Int32Array): { unique: number[]; inverse: number[] } {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  return { unique, inverse: Array.from(ids, (id) => unique.indexOf(id)) };
}

test(`uniqueInverse equals the plain reference: duplicates, negatives, int32 extremes, empty (seed ${seed})`, () => {
  const rng = new Rng(seed);
  const cases: Int32Array[] = [new Int32Array(0), Int32Array.from([0]), Int32Array.from([0, 0, 0]), Int32Array.from([2 ** 31 - 1, -(2 ** 31), 0, -1, 2 ** 31 - 1, -(2 ** 31)])];
  for (const [n, range] of [[7, 3], [100, 1000], [1000, 50], [5000, 2 ** 31], [3000, 16]] as const) {
    cases.push(Int32Array.from({ length: n }, () => (range === 2 ** 31 ? rng.u32() | 0 : rng.int(range))));
  }
  // ids colliding in the table: multiples of a large power of two
  cases.push(Int32Array.from({ length: 300 }, () => (rng.int(40) << 24) | 0));
  for (const ids of cases) {
    const got = uniqueInverse(ids);
    const want = reference(ids);
    expect(Array.from(got.unique)).toEqual(want.unique);
    expect(Array.from(got.inverse)).toEqual(want.inverse);
  }
});
