import { expect, test } from "bun:test";
import { OnnxGraph } from "@shortlist/core-gpu/nn";
import * as ort from "onnxruntime-node";
import { patchStrings } from "./strings.ts";

function encoder() {
  const g = new OnnxGraph("codes");
  const x = g.input("gender", "int64", ["batch"]);
  g.node("LabelEncoder", [x], ["code"], { values_int64s: [1, 2], default_int64: 0 }, "ai.onnx.ml");
  g.output("code", "int64", ["batch"]);
  return g.toBytes();
}

test("a placeholder input becomes a string tensor and the encoder gets its string keys", async () => {
  const bytes = patchStrings(encoder(), { inputs: ["gender"], keys: new Map([["LabelEncoder_code", ["F", "M"]]]) });
  const s = await ort.InferenceSession.create(bytes);
  const out = await s.run({ gender: new ort.Tensor("string", ["M", "F", "X", ""], [4]) });
  expect(Array.from(out.code!.data as BigInt64Array, Number)).toEqual([2, 1, 0, 0]);
  await s.release();
});

test("patching what the model does not have is an error naming it", () => {
  expect(() => patchStrings(encoder(), { inputs: ["age"], keys: new Map() })).toThrow('no tensor input "age"');
  expect(() => patchStrings(encoder(), { inputs: [], keys: new Map([["LabelEncoder_x", ["a"]]]) })).toThrow('no node "LabelEncoder_x"');
});
