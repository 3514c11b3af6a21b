import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { createCpuEngine } from "../../tensor/cpu-engine.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { DType, TensorEngine } from "../../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed, type Rng } from "../../testing/random.ts";

const seed = suiteSeed();
/** [shape, start, width]: off-grid, whole rows, empty rows/width, rank 1 and 3. */
const SLICES: Array<[number[], number, number]> = [
  [[1, 1], 0, 1], [[7, 33], 5, 17], [[65, 3], 2, 1], [[130, 65], 0, 65], [[130, 65], 64, 1],
  [[0, 5], 1, 3], [[6, 5], 2, 0], [[33], 3, 30], [[2, 3, 7], 1, 4],
];

function host(rng: Rng, n: number, dtype: DType): Float32Array | Int32Array {
  return dtype === "i32" ? Int32Array.from({ length: n }, () => rng.int(2 ** 31) - 2 ** 30) : randomMatrix(rng, n, -5, 5);
}
const size = (s: number[]) => s.reduce((p, d) => p * d, 1);

for (const c of await engineCases()) {
  describe(`columns on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); });

    test("SliceColumns takes the columns, f32 and i32", async () => {
      const rng = createRng(seed);
      for (const dtype of ["f32", "i32"] as const) {
        for (const [shape, start, width] of SLICES) {
          const x = host(rng, size(shape), dtype);
          const [got] = runKernel("SliceColumns", [engine.fromHost(x, shape, dtype)], { start, width });
          const [want] = runKernel("SliceColumns", [ref.fromHost(x, shape, dtype)], { start, width });
          expect(got!.shape).toEqual([...shape.slice(0, -1), width]);
          expect(got!.dtype).toBe(dtype);
          expectAllClose(await got!.read(), await want!.read(), 0, `slice [${shape}] ${start}+${width} ${dtype} (seed ${seed})`);
        }
      }
    });

    test("AssignColumns concatenates parts in place; slicing splits them back", async () => {
      const rng = createRng(seed + 1);
      for (const [rows, widths] of [[7, [3, 1, 29]], [130, [64, 1, 0, 65]], [1, [5]], [0, [2, 3]]] as Array<[number, number[]]>) {
        const total = widths.reduce((p, w) => p + w, 0);
        const parts = widths.map((w) => randomMatrix(rng, rows * w, -1, 1));
        const joined = engine.empty([rows, total]);
        const joinedRef = ref.empty([rows, total]);
        let start = 0;
        for (const [i, w] of widths.entries()) {
          expect(runKernel("AssignColumns", [joined, engine.fromHost(parts[i]!, [rows, w])], { start })).toEqual([]);
          runKernel("AssignColumns", [joinedRef, ref.fromHost(parts[i]!, [rows, w])], { start });
          start += w;
        }
        // every column was assigned, so no poisoned NaN may remain
        expectAllClose(await joined.read(), await joinedRef.read(), 0, `concat ${rows}×[${widths}] (seed ${seed})`);
        start = 0;
        for (const [i, w] of widths.entries()) {
          const [back] = runKernel("SliceColumns", [joined], { start, width: w });
          expectAllClose(await back!.read(), parts[i]!, 0, `split part ${i}`);
          start += w;
        }
      }
    });

    test("tensors over the binding limit run in row chunks", async () => {
      const rng = createRng(seed + 2);
      const [rows, cols] = [300, 129]; // 154,800 bytes: several chunks at the forced 64 KiB limit
      const x = randomMatrix(rng, rows * cols);
      const [got] = runKernel("SliceColumns", [engine.fromHost(x, [rows, cols])], { start: 7, width: 100 });
      const [want] = runKernel("SliceColumns", [ref.fromHost(x, [rows, cols])], { start: 7, width: 100 });
      expectAllClose(await got!.read(), await want!.read(), 0, `chunked slice (seed ${seed})`);
      const dst = engine.fromHost(x, [rows, cols]);
      const dstRef = ref.fromHost(x, [rows, cols]);
      const src = randomMatrix(rng, rows * 61);
      runKernel("AssignColumns", [dst, engine.fromHost(src, [rows, 61])], { start: 33 });
      runKernel("AssignColumns", [dstRef, ref.fromHost(src, [rows, 61])], { start: 33 });
      expectAllClose(await dst.read(), await dstRef.read(), 0, `chunked assign (seed ${seed})`);
    });

    test("bad input names the kernel and every shape", () => {
      const x = engine.zeros([3, 4]);
      expect(() => runKernel("SliceColumns", [x], { start: 2, width: 3 })).toThrow("SliceColumns: columns 2..5 (start 2, width 3) of x [3, 4], which has 4");
      expect(() => runKernel("SliceColumns", [x], { start: -1, width: 1 })).toThrow("SliceColumns: start is -1, expected a non-negative integer");
      expect(() => runKernel("SliceColumns", [x], { start: 0, width: 1.5 })).toThrow("SliceColumns: width is 1.5");
      expect(() => runKernel("AssignColumns", [x, engine.zeros([2, 2])], { start: 0 })).toThrow("AssignColumns: dst [3, 4] and src [2, 2]: 3 and 2 rows differ");
      expect(() => runKernel("AssignColumns", [x, engine.zeros([3, 2])], { start: 3 })).toThrow("AssignColumns: dst [3, 4] and src [3, 2]: columns 3..5 do not fit in 4");
      expect(() => runKernel("AssignColumns", [x, engine.zeros([3, 2], "i32")], { start: 0 })).toThrow("dtypes f32 and i32 differ");
      expect(() => runKernel("AssignColumns", [x, x], { start: 0 })).toThrow("dst and src are the same tensor");
    });
  });
}

test("the CPU engine is bit-identical run twice", async () => {
  const cpu = createCpuEngine();
  const x = cpu.fromHost(randomMatrix(createRng(seed + 3), 65 * 33), [65, 33]);
  const [a, b] = [0, 1].map(() => runKernel("SliceColumns", [x], { start: 3, width: 17 })[0]!);
  expect(Buffer.from((await a!.read()).buffer).equals(Buffer.from((await b!.read()).buffer))).toBe(true);
  await cpu.dispose();
});
