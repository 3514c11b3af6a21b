import { describe, expect, test } from "bun:test";
import * as ort from "onnxruntime-node";
import { onnx } from "onnx-proto";
import { OnnxGraph } from "./graph.ts";

function decode(g: OnnxGraph) {
  return onnx.ModelProto.toObject(onnx.ModelProto.decode(g.toBytes()), { longs: Number, defaults: true });
}

describe("OnnxGraph", () => {
  test("encodes a model onnxruntime-node runs, with symbolic batch dims", async () => {
    const g = new OnnxGraph("relu");
    const x = g.input("x", "float", ["batch", 3]);
    g.node("Relu", [x], ["y"]);
    g.output("y", "float", ["batch", 3]);
    const s = await ort.InferenceSession.create(g.toBytes());
    for (const rows of [1, 2]) {
      const data = Float32Array.from({ length: rows * 3 }, (_, i) => i - 2);
      const out = await s.run({ x: new ort.Tensor("float32", data, [rows, 3]) });
      expect([...(out.y!.data as Float32Array)]).toEqual([...data].map((v) => Math.max(v, 0)));
    }
    await s.release();
  });

  test("writes IR 8 and opset 17, adding other domains only when used", () => {
    const g = new OnnxGraph();
    g.node("Identity", [g.input("x", "float", [2])], ["y"]);
    const m = decode(g);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport).toEqual([{ domain: "", version: 17 }]);
    g.node("Binarizer", ["y"], ["z"], { threshold: { float: 0.5 } }, "ai.onnx.ml");
    expect(decode(g).opsetImport).toEqual([{ domain: "", version: 17 }, { domain: "ai.onnx.ml", version: 3 }]);
    expect(() => g.node("Foo", ["y"], ["w"], {}, "org.example")).toThrow(/no opset version known/);
  });

  test("initializers of every element type round-trip, copied when added", async () => {
    const g = new OnnxGraph();
    const f = new Float32Array([1.5, -2, 3.25, 0]);
    g.initializer("f", f, [2, 2]);
    g.initializer("i32", new Int32Array([7, -8]), [2]);
    g.initializer("i64", new BigInt64Array([2n ** 40n, -3n]), [2]);
    f[0] = 99; // later changes must not reach the model
    g.node("Identity", ["f"], ["fo"]);
    g.node("Identity", ["i32"], ["io"]);
    g.node("Identity", ["i64"], ["lo"]);
    g.output("fo", "float", [2, 2]);
    g.output("io", "int32", [2]);
    g.output("lo", "int64", [2]);
    const s = await ort.InferenceSession.create(g.toBytes());
    const out = await s.run({});
    expect([...(out.fo!.data as Float32Array)]).toEqual([1.5, -2, 3.25, 0]);
    expect(out.fo!.dims).toEqual([2, 2]);
    expect([...(out.io!.data as Int32Array)]).toEqual([7, -8]);
    expect([...(out.lo!.data as BigInt64Array)]).toEqual([2n ** 40n, -3n]);
    await s.release();
  });

  test("attributes: ints, int lists, floats, strings; non-integer numbers are refused", () => {
    const g = new OnnxGraph();
    g.node("Foo", [g.input("x", "float", [1])], ["y"], { a: 3, b: [1, -2], c: { float: 0.5 }, d: { floats: [0.25] }, e: "hi" });
    const attrs = decode(g).graph.node[0].attribute;
    expect(attrs.map((a: { name: string }) => a.name)).toEqual(["a", "b", "c", "d", "e"]);
    expect(attrs[0].i).toBe(3);
    expect(attrs[1].ints).toEqual([1, -2]);
    expect(attrs[2].f).toBe(0.5);
    expect(attrs[3].floats).toEqual([0.25]);
    expect(new TextDecoder().decode(attrs[4].s)).toBe("hi");
    expect(() => g.node("Foo", ["x"], ["z"], { alpha: 0.5 })).toThrow(/not an integer/);
    g.node("Foo", ["x"], ["z"], { alpha: { float: 0.5 } }); // the refused node did not take "z"
    expect(decode(g).graph.node).toHaveLength(2);
  });

  test("string inputs and string-list attributes: a LabelEncoder over strings runs in onnxruntime", async () => {
    const g = new OnnxGraph("codes");
    const x = g.input("gender", "string", ["batch"]);
    g.node("LabelEncoder", [x], ["code"], { keys_strings: { strings: ["F", "M"] }, values_int64s: [1, 2], default_int64: 0 }, "ai.onnx.ml");
    g.output("code", "int64", ["batch"]);
    const s = await ort.InferenceSession.create(g.toBytes());
    const out = await s.run({ gender: new ort.Tensor("string", ["M", "F", "X", ""], [4]) });
    expect(Array.from(out.code!.data as BigInt64Array, Number)).toEqual([2, 1, 0, 0]);
    await s.release();
  });

  test("names: uniqueName avoids used names; unknown, duplicate and empty names throw", () => {
    const g = new OnnxGraph();
    g.input("x", "float", [1]);
    expect(g.uniqueName("x")).toBe("x_1");
    expect(g.uniqueName("x")).toBe("x_2");
    expect(g.uniqueName("h")).toBe("h");
    expect(() => g.node("Relu", ["nope"], ["y"])).toThrow(/unknown input tensor "nope"/);
    expect(() => g.input("x", "float", [1])).toThrow(/already defined/);
    expect(() => g.node("Relu", ["x"], [""])).toThrow(/empty/);
    expect(() => g.output("nope", "float", [1])).toThrow(/unknown tensor/);
  });

  test("an initializer whose length does not match its dims throws with both sizes", () => {
    const g = new OnnxGraph();
    expect(() => g.initializer("w", new Float32Array(5), [2, 3])).toThrow("initializer w: data has 5 values, dims [2, 3] need 6");
  });

  test("shared constants are created once", () => {
    const g = new OnnxGraph();
    expect(g.int64([1])).toBe(g.int64([1]));
    expect(g.int64([1])).not.toBe(g.int64([2]));
    expect(g.scalar(0)).toBe(g.scalar(0));
    expect(g.shapeOf(g.int64([-1, 2]))).toEqual([2]);
  });
});
