/** Host-side planning of dispatch grids and of chunks that respect the adapter's limits. */

/**
 * A [x, y, 1] grid holding at least `total` workgroups with no dimension above `maxPerDim`;
 * shaders recover the linear index as wid.x + wid.y·nwg.x and skip the overhang.
 * @example
 * gridFor(100_000, 65_535); // [65535, 2, 1]
 */
export function gridFor(total: number, maxPerDim: number): [number, number, number] {
  if (total <= maxPerDim) return [Math.max(total, 1), 1, 1];
  const y = Math.ceil(total / maxPerDim);
  if (y > maxPerDim) throw new RangeError(`dispatch of ${total} workgroups exceeds ${maxPerDim}² (split the work first)`);
  return [Math.ceil(total / y), y, 1];
}

/** A half-open range [start, end). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Splits [0, total) into consecutive spans of at most `maxPerSpan` items (at least one item
 * each); an empty total gives no spans.
 * @example
 * spans(10, 4); // [{0,4}, {4,8}, {8,10}]
 */
export function spans(total: number, maxPerSpan: number): Span[] {
  const step = Math.max(1, Math.floor(maxPerSpan));
  const out: Span[] = [];
  for (let start = 0; start < total; start += step) out.push({ start, end: Math.min(total, start + step) });
  return out;
}

/**
 * How many items of `bytesPerItem` fit in `maxBytes`, at least 1: callers whose single item does
 * not fit must split that item themselves.
 * @example
 * itemsPerBinding(1024, 100); // 10
 */
export function itemsPerBinding(maxBytes: number, bytesPerItem: number): number {
  return Math.max(1, Math.floor(maxBytes / Math.max(1, bytesPerItem)));
}
