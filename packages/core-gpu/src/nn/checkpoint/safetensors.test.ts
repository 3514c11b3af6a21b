import { describe, expect, test } from "bun:test";
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from "./safetensors.ts";

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A file built by hand from a header object and raw data bytes, to make corrupt files. */
function craft(header: unknown, data: Uint8Array = new Uint8Array(), headerLength?: number): Uint8Array {
  const json = header instanceof Uint8Array ? header : new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function sample(): Map<string, SafeTensor> {
  const f32 = new Float32Array(6).map((_, i) => i * 0.5 - 1);
  // NaNs with distinct payloads, -0 and infinities: copied as bytes, they must come back bit-exact.
  const u32 = new Uint32Array(f32.buffer);
  u32[1] = 0x7fc00001;
  u32[2] = 0xffa12345;
  f32[3] = -0;
  f32[4] = Infinity;
  const f64 = new Float64Array([Math.PI, -Infinity, 0]);
  new BigUint64Array(f64.buffer)[2] = 0x7ff8dead_beef0001n;
  return new Map<string, SafeTensor>([
    ["tower.w", { dtype: "F32", shape: [2, 3], data: f32 }],
    ["ids", { dtype: "I32", shape: [3], data: new Int32Array([-1, 0, 2 ** 31 - 1]) }],
    ["empty", { dtype: "F32", shape: [0, 64], data: new Float32Array(0) }],
    ["scalar", { dtype: "F64", shape: [], data: new Float64Array([2.5]) }],
    ["10", { dtype: "F64", shape: [3], data: f64 }],
    ["step", { dtype: "I64", shape: [1, 2], data: new BigInt64Array([-(2n ** 63n), 2n ** 62n + 1n]) }],
  ]);
}

describe("safetensors round trip", () => {
  test("every dtype, NaN payloads, empty and scalar tensors come back bit-exact, in order, with metadata", () => {
    const tensors = sample();
    const bytes = encodeSafetensors(tensors, { format: "pt", step: "10" });
    const back = decodeSafetensors(bytes, "mem.safetensors");
    expect([...back.tensors.keys()]).toEqual([...tensors.keys()]);
    expect(back.metadata).toEqual({ format: "pt", step: "10" });
    for (const [name, t] of tensors) {
      const b = back.tensors.get(name)!;
      expect(b.dtype).toBe(t.dtype);
      expect(b.shape).toEqual(t.shape);
      expect(b.data.constructor).toBe(t.data.constructor);
      expect(bytesOf(b.data)).toEqual(bytesOf(t.data));
    }
  });

  test("layout follows the spec: u64 LE length, space-padded JSON to 8 bytes, data contiguous in header order", () => {
    const bytes = encodeSafetensors(sample(), { a: "b" });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd().endsWith("}")).toBe(true);
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
    const header = JSON.parse(text) as Record<string, { data_offsets: [number, number] }>;
    expect(header.__metadata__).toEqual({ a: "b" } as never);
    let at = 0;
    for (const name of sample().keys()) {
      expect(header[name]!.data_offsets[0]).toBe(at);
      at = header[name]!.data_offsets[1];
    }
    expect(bytes.length).toBe(8 + n + at);
  });

  test("a known file: one F32 tensor, header written exactly", () => {
    const bytes = encodeSafetensors(new Map([["x", { dtype: "F32", shape: [2], data: new Float32Array([1, -2]) }]]));
    const header = '{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const padded = header.padEnd(Math.ceil(header.length / 8) * 8, " ");
    const expected = craft(padded, bytesOf(new Float32Array([1, -2])));
    expect(bytes).toEqual(expected);
  });

  test("no tensors and no metadata is a valid file", () => {
    const back = decodeSafetensors(encodeSafetensors(new Map()), "e");
    expect(back.tensors.size).toBe(0);
    expect(back.metadata).toEqual({});
  });

  test("tensors whose data is a view into a larger buffer are written from the view only", () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const back = decodeSafetensors(encodeSafetensors(new Map([["v", { dtype: "F32", shape: [2], data: big.subarray(1, 3) }]])), "v");
    expect([...back.tensors.get("v")!.data]).toEqual([1, 2]);
  });
});

test("decoded tensors are copies, even from a Node Buffer or an unaligned view", () => {
  const file = encodeSafetensors(sample());
  for (const input of [Buffer.from(file), (() => { const big = new Uint8Array(file.length + 3); big.set(file, 3); return big.subarray(3); })()]) {
    const t = decodeSafetensors(input, "view").tensors.get("10")!;
    expect(t.data.buffer.byteLength).toBe(t.data.byteLength);
    input.fill(0);
    expect((t.data as Float64Array)[0]).toBe(Math.PI);
  }
});

describe("encode refuses bad tensors", () => {
  const f = (t: Partial<SafeTensor>, name = "w") =>
    () => encodeSafetensors(new Map([[name, { dtype: "F32", shape: [2], data: new Float32Array(2), ...t } as SafeTensor]]), undefined, "out.st");
  test.each([
    ["values ≠ shape", { shape: [3] }, 'out.st: tensor "w" has shape [3] (3 elements) but 2 values'],
    ["array type ≠ dtype", { data: new Int32Array(2) }, 'tensor "w" is F32 but its data is a Int32Array, expected Float32Array'],
    ["negative dimension", { shape: [-2] }, "expected non-negative integers"],
    ["unsupported dtype", { dtype: "F16" as never }, 'dtype "F16", expected one of F32, I32, F64, I64'],
  ] as [string, Partial<SafeTensor>, string][])("%s", (_, t, message) => expect(f(t)).toThrow(message));
  test("reserved name", () => expect(f({}, "__metadata__")).toThrow("reserved"));
  test("non-string metadata", () =>
    expect(() => encodeSafetensors(new Map(), { step: 3 as never })).toThrow('metadata "step" is a number, expected a string'));
});

describe("decode names the file and what is wrong", () => {
  const entry = (dtype: string, shape: number[], offsets: number[]) => ({ dtype, shape, data_offsets: offsets });
  const d8 = new Uint8Array(8);
  const cases: [string, Uint8Array, string][] = [
    ["shorter than the length field", new Uint8Array(5), "bad.st: truncated: 5 bytes, shorter than the 8-byte header length"],
    ["header length beyond the file", craft({}, new Uint8Array(), 400), "header length 400 goes beyond the file (10 bytes, so at most 2)"],
    ["header length near 2^64", (() => { const b = craft({}); new DataView(b.buffer).setBigUint64(0, 2n ** 64n - 1n, true); return b; })(), "goes beyond the file"],
    ["header not JSON", craft("{nope}"), "header is not valid JSON"],
    ["header not UTF-8", craft(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), "header is not valid UTF-8"],
    ["header not an object", craft("[1, 2]"), 'header starts with "[1, 2]", expected a JSON object'],
    ["data truncated (offsets beyond the data)", craft({ w: entry("F32", [4], [0, 16]) }, d8), 'tensor "w" has data_offsets [0, 16] beyond the 8 data bytes'],
    ["overlapping tensors", craft({ a: entry("F32", [2], [0, 8]), b: entry("F32", [1], [4, 8]) }, d8), 'tensors "a" and "b" overlap'],
    ["a hole between tensors", craft({ a: entry("F32", [1], [0, 4]), b: entry("F32", [0], [8, 8]) }, d8), "data bytes [4, 8) belong to no tensor"],
    ["trailing bytes", craft({ a: entry("F32", [1], [0, 4]) }, d8), "4 trailing data bytes"],
    ["shape inconsistent with bytes", craft({ a: entry("F32", [3], [0, 8]) }, d8), 'tensor "a" has 8 bytes (data_offsets [0, 8]) but dtype F32 and shape [3] need 12'],
    ["dtype inconsistent with bytes", craft({ a: entry("F64", [2], [0, 8]) }, d8), "but dtype F64 and shape [2] need 16"],
    ["unknown dtype", craft({ a: entry("Q4", [2], [0, 8]) }, d8), 'header entry "a" has dtype "Q4", which is not a safetensors dtype; expected one of F32, I32, F64, I64'],
    ["a dtype this reader does not support", craft({ a: entry("F16", [4], [0, 8]) }, d8), '"F16", which is not supported by this reader'],
    ["offsets reversed", craft({ a: entry("F32", [0], [8, 0]) }, d8), "expected [begin, end] with 0 ≤ begin ≤ end"],
    ["offsets missing", craft({ a: { dtype: "F32", shape: [2] } }, d8), "has data_offsets undefined"],
    ["negative dimension", craft({ a: entry("F32", [-2], [0, 8]) }, d8), "expected an array of non-negative integers"],
    ["metadata not strings", craft({ __metadata__: { step: 3 } }), '"__metadata__" is {"step":3}, expected an object of string values'],
    ["entry not an object", craft({ a: 3 }), 'header entry "a" is not an object'],
  ];
  test.each(cases)("%s", (_, bytes, message) => {
    expect(() => decodeSafetensors(bytes, "bad.st")).toThrow(message);
    expect(() => decodeSafetensors(bytes, "bad.st")).toThrow(/^bad\.st: /);
  });

  test("every truncation of a valid file is refused, never misread", () => {
    const bytes = encodeSafetensors(sample(), { a: "b" });
    for (let n = 0; n < bytes.length; n++) expect(() => decodeSafetensors(bytes.subarray(0, n), "cut.st")).toThrow(/^cut\.st: /);
  });
});
