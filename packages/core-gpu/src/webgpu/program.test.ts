import { describe, expect, test } from "bun:test";
import { packUniforms, programKey, shaderSource, type ProgramInfo } from "./program.ts";

const program: ProgramInfo = {
  name: "demo",
  cacheKey: "v1",
  bindings: [
    { name: "x", type: "array<f32>", access: "read" },
    { name: "y", type: "array<u32>", access: "read_write" },
  ],
  uniforms: [["n", "u32"], ["s", "f32"], ["d", "i32"]],
  enables: ["subgroups"],
  body: () => "@compute @workgroup_size(1) fn main() {}",
};

describe("program descriptions", () => {
  test("the cache key is name and shader dependencies", () => {
    expect(programKey(program)).toBe("demo|v1");
  });

  test("shaderSource declares bindings in order, then the uniform block", () => {
    const code = shaderSource(program);
    expect(code.startsWith("enable subgroups;")).toBe(true);
    expect(code).toContain("@group(0) @binding(0) var<storage, read> x: array<f32>;");
    expect(code).toContain("@group(0) @binding(1) var<storage, read_write> y: array<u32>;");
    expect(code).toContain("@group(0) @binding(2) var<uniform> u: U;");
    expect(code).toContain("struct U { n: u32, s: f32, d: i32, }");
  });

  test("packUniforms writes each field little-endian and pads to 16 bytes", () => {
    const bytes = packUniforms(program.uniforms, [7, 0.5, -3]);
    expect(bytes.byteLength).toBe(16);
    const view = new DataView(bytes);
    expect(view.getUint32(0, true)).toBe(7);
    expect(view.getFloat32(4, true)).toBe(0.5);
    expect(view.getInt32(8, true)).toBe(-3);
  });

  test("packUniforms refuses wrong counts and non-u32 values", () => {
    expect(() => packUniforms(program.uniforms, [1, 2])).toThrow();
    expect(() => packUniforms(program.uniforms, [-1, 0, 0])).toThrow(RangeError);
    expect(() => packUniforms(program.uniforms, [1.5, 0, 0])).toThrow(RangeError);
  });
});
