/**
 * Parquet schema elements for the columns a table can hold, and the values hyparquet-writer takes
 * for them: Int32Array → INT32, Float32Array → FLOAT, Float64Array → DOUBLE, Uint32Array → INT64
 * (INT32 is signed and would wrap values above 2^31), Uint8Array → INT32, strings → UTF8.
 * Every column is REQUIRED: artifacts have no nulls.
 */
import type { SchemaElement } from "hyparquet-writer";
import type { Column } from "@shortlist/runner";

export function flatElement(name: string, c: Column): SchemaElement {
  const repetition_type = "REQUIRED" as const;
  if (Array.isArray(c)) return { name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type };
  if (c instanceof Float32Array) return { name, type: "FLOAT", repetition_type };
  if (c instanceof Float64Array) return { name, type: "DOUBLE", repetition_type };
  if (c instanceof Uint32Array) return { name, type: "INT64", repetition_type };
  return { name, type: "INT32", repetition_type };
}

/** The values of rows [from, to) of a column, in the form the writer expects for its element. */
export function flatValues(c: Column, from: number, to: number): ArrayLike<unknown> {
  if (Array.isArray(c)) return c.slice(from, to);
  if (c instanceof Uint32Array) return BigInt64Array.from(c.subarray(from, to), (v) => BigInt(v));
  if (c instanceof Uint8Array) return Int32Array.from(c.subarray(from, to));
  return c.subarray(from, to);
}

/**
 * A 3-level LIST (`name` / `list` / `element`) of REQUIRED elements, as Spark and Arrow write it.
 * `element` is one leaf, or a struct of leaves when `fields` are given.
 * @example listElements("embedding", { type: "FLOAT" }) // LIST<FLOAT>
 */
export function listElements(name: string, element: { type: "FLOAT" | "DOUBLE" | "INT32" } | { fields: SchemaElement[] }): SchemaElement[] {
  const head: SchemaElement[] = [
    { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
  ];
  if ("fields" in element) {
    return [...head, { name: "element", repetition_type: "REQUIRED", num_children: element.fields.length }, ...element.fields];
  }
  return [...head, { name: "element", type: element.type, repetition_type: "REQUIRED" }];
}
