/**
 * Axis scales for the report's charts: "nice" tick values (1, 2 or 5 × 10ⁿ steps, as d3's
 * `ticks`), a linear domain that starts at zero or spans the data, and log ticks for K.
 */

/**
 * About `count` round tick values covering [lo, hi].
 * @example niceTicks(0, 0.23, 5) // [0, 0.05, 0.1, 0.15, 0.2, 0.25]
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi === lo) return lo === 0 ? [0, 1] : niceTicks(Math.min(0, lo), Math.max(0, hi), count);
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const first = Math.floor(lo / step + 1e-9), last = Math.ceil(hi / step - 1e-9);
  // multiply rather than add so 0.1 + 0.2 noise does not reach the labels
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
}

/** Maps [d0, d1] onto [r0, r1]. @example linear([0, 10], [0, 100])(5) // 50 */
export function linear([d0, d1]: [number, number], [r0, r1]: [number, number]): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Maps [d0, d1] (both > 0) onto [r0, r1] logarithmically. @example logScale([1, 100], [0, 2])(10) // 1 */
export function logScale([d0, d1]: [number, number], [r0, r1]: [number, number]): (v: number) => number {
  const l0 = Math.log(d0), span = Math.log(d1) - l0 || 1;
  return (v) => r0 + ((Math.log(v) - l0) / span) * (r1 - r0);
}

/** 1, 2, 5, 10, 20, 50, … up to max, always ending at max. @example logTicks(100) // [1, 2, 5, 10, 20, 50, 100] */
export function logTicks(max: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= max; p *= 10) for (const m of [1, 2, 5]) if (m * p < max) out.push(m * p);
  out.push(max);
  return out;
}

/**
 * Compact tick label: at most 3 significant digits, thousands as k / M.
 * @example formatTick(0.15) // "0.15"; formatTick(25000) // "25k"
 */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}
