/**
 * Conversions from the builder's plain values to onnx-proto messages (value infos, attributes).
 */
import { onnx } from "onnx-proto";

/** Element types the builder writes. */
export type ElemType = "float" | "int64" | "int32" | "string";
/** A dimension: a fixed size, or a symbolic name such as "batch". */
export type Dim = number | string;
/** Attribute values: integers as `number`/`number[]`, floats wrapped, a string as is, string lists wrapped. */
export type AttrValue = number | number[] | string | { float: number } | { floats: number[] } | { strings: string[] };

/** TensorProto.DataType codes. @example ELEM.float; // 1 */
export const ELEM: Record<ElemType, number> = { float: 1, int32: 6, int64: 7, string: 8 };
const A = onnx.AttributeProto.AttributeType;

/** The element type of a typed array. @example elemOf(new Int32Array(2)); // "int32" */
export function elemOf(data: Float32Array | Int32Array | BigInt64Array): ElemType {
  return data instanceof Float32Array ? "float" : data instanceof Int32Array ? "int32" : "int64";
}

/** A tensor ValueInfoProto. @example valueInfo("x", "float", ["batch", 8]); */
export function valueInfo(name: string, elem: ElemType, dims: Dim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: ELEM[elem], shape: { dim } } } };
}

/**
 * An AttributeProto; a non-integer `number` throws (floats must be wrapped).
 * @example
 * attribute("alpha", { float: 0.5 }); attribute("axis", -1); attribute("keys_strings", { strings: ["F", "M"] });
 */
export function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  if (typeof v === "string") return { name, type: A.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new TypeError(`attribute ${name}: ${v} is not an integer; pass { float: ${v} }`);
    return { name, type: A.INT, i: v };
  }
  if (Array.isArray(v)) return { name, type: A.INTS, ints: v };
  if ("float" in v) return { name, type: A.FLOAT, f: v.float };
  if ("strings" in v) return { name, type: A.STRINGS, strings: v.strings.map((x) => new TextEncoder().encode(x)) };
  return { name, type: A.FLOATS, floats: v.floats };
}

