import { describe, expect, test } from "bun:test";
import { referenceMatmul } from "../reference/matmul.ts";
import { createWebGpuBackend } from "./backend.ts";
import { TILED_TILE, tiledMatmulProgram } from "./matmul-tiled.ts";
import { shaderSource } from "./program.ts";
import { expectClose, GPU_TEST_TIMEOUT, randomFloats, seededRandom } from "./test-support.ts";

const rand = seededRandom(72);

describe("tiled matmul (used on hardware adapters and where subgroups are missing)", () => {
  test("stages 64×64 tiles through workgroup memory", () => {
    expect(TILED_TILE).toEqual([64, 64]);
    const code = shaderSource(tiledMatmulProgram());
    expect(code).toContain("var<workgroup> tileA");
    expect(code).toContain("workgroupBarrier();");
  });

  test("matches the reference on every transpose, with bias, ReLU, batches and edges off the tile", async () => {
    const tiled = await createWebGpuBackend({ poisonOutputs: true, subgroups: false });
    try {
      expect(tiled.runtime.matmulSubgroupSize).toBe(0);
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const o = { m: 67, n: 70, k: 19, transA, transB, bias: randomFloats(rand, 70), relu: true, batch: 2 };
          const a = randomFloats(rand, 2 * 67 * 19);
          const b = randomFloats(rand, 2 * 19 * 70);
          expectClose(await tiled.matmul(a, b, o), referenceMatmul(a, b, o));
        }
      }
    } finally {
      await tiled.dispose();
    }
  }, GPU_TEST_TIMEOUT);
});
