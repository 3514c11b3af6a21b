import { expect, test } from "bun:test";
import { checkCsr } from "../reference/validate.ts";
import { createRng, randomCsr, randomMatrix } from "./random.ts";

test("the same seed replays the same stream", () => {
  const a = createRng(9);
  const b = createRng(9);
  expect([a.next(), a.int(100), a.next()]).toEqual([b.next(), b.int(100), b.next()]);
  expect(createRng(10).next()).not.toBe(createRng(9).next());
});

test("random CSRs are valid, honour empty rows and values, and stay in range", () => {
  const rng = createRng(3);
  for (const skew of [false, true]) {
    const x = randomCsr(rng, { rows: 50, cols: 17, density: 5, emptyRows: 0.5, skew, values: true });
    expect(() => checkCsr(x, "x")).not.toThrow();
    expect(x.values!.length).toBe(x.indices.length);
    let empty = 0;
    for (let r = 0; r < 50; r++) if (x.indptr[r + 1] === x.indptr[r]) empty++;
    expect(empty).toBeGreaterThan(10);
  }
  const m = randomMatrix(rng, 100, 2, 3);
  expect(m.every((v) => v >= 2 && v < 3)).toBe(true);
});
