import { expect, test } from "bun:test";
import { referenceBackend } from "../reference/backend.ts";
import { runHostKernel } from "../tensor/registry.ts";
import type { Backend, TopK } from "../types.ts";
import { swingTopN } from "./index.ts";
import { referenceSwingTopN } from "./reference.ts";
import { randomUserItems, seededRandom, topListsDiffer } from "./testing.ts";

const x = randomUserItems(seededRandom(5), 20, 12, 0.3);
const o = { topN: 4, alpha: 0.5 };

test("SwingTopN is a registered host kernel: runHostKernel and swingTopN agree", async () => {
  const want = referenceSwingTopN(x, o);
  expect(topListsDiffer(await runHostKernel<TopK>("SwingTopN", referenceBackend(), x, o), want, 1e-5)).toEqual([]);
  expect(topListsDiffer(await swingTopN(referenceBackend(), x, o), want, 1e-5)).toEqual([]);
});

test("a backend named webgpu without a runtime gets the CPU kernel", async () => {
  const fake = { ...referenceBackend(), name: "webgpu" } as Backend;
  expect(topListsDiffer(await swingTopN(fake, x, o), referenceSwingTopN(x, o), 1e-5)).toEqual([]);
});
