/**
 * A table column whose rows are lists of int32 (a user's recent items), in Arrow's list layout:
 * row r holds values[offsets[r] .. offsets[r+1]). Two typed arrays, not an array per row, so a
 * million users' sequences cost what their ids do. Persisted as a parquet LIST column, which DuckDB,
 * pandas and Spark read as a list, not as a "|"-joined string to split again.
 */
export interface Int32Lists {
  kind: "int32-lists";
  /** Number of rows (offsets.length − 1), so a table checks it like any column's length. */
  length: number;
  offsets: Int32Array;
  values: Int32Array;
}

/**
 * Builds a list column from one list per row.
 * @example int32Lists([[10, 20], [], [30]]) // offsets [0, 2, 2, 3], values [10, 20, 30]
 */
export function int32Lists(rows: ArrayLike<ArrayLike<number>>): Int32Lists {
  const offsets = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) offsets[r + 1] = offsets[r]! + rows[r]!.length;
  const values = new Int32Array(offsets[rows.length]!);
  for (let r = 0; r < rows.length; r++) values.set(rows[r]!, offsets[r]!);
  return { kind: "int32-lists", length: rows.length, offsets, values };
}

/**
 * Row r's list (a view, not a copy).
 * @example listAt(int32Lists([[10, 20], [30]]), 1) // Int32Array [30]
 */
export function listAt(c: Int32Lists, r: number): Int32Array {
  return c.values.subarray(c.offsets[r]!, c.offsets[r + 1]!);
}
