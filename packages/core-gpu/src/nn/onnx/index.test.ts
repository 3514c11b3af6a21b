import { expect, test } from "bun:test";
import * as onnxExport from "./index.ts";

test("index exports the builder and every emitter", () => {
  const names = ["OnnxGraph", "emitLinear", "emitActivation", "emitMlp", "emitEmbedding", "emitEmbeddingBag", "emitL2Normalize", "emitConcat", "emitRowDot"];
  for (const n of names) expect(typeof (onnxExport as Record<string, unknown>)[n]).toBe("function");
});
