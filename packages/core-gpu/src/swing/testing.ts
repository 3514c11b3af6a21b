/** Helpers for Swing tests (and for any caller comparing two backends' top lists). */
import type { Csr, TopK } from "../types.ts";

// The package's one PRNG, re-exported for the Swing tests (a pure function: loads no Dawn).
export { seededRandom } from "../random/rng.ts";

/**
 * A random user×item CSR where user u has each item with probability `density`, skewed so that
 * low item ids are more popular (like real catalogues), and at least one item per user.
 * @example
 * const x = randomUserItems(seededRandom(1), 40, 30, 0.2);
 */
export function randomUserItems(rand: () => number, users: number, items: number, density: number): Csr {
  const indptr = new Int32Array(users + 1);
  const indices: number[] = [];
  for (let u = 0; u < users; u++) {
    const before = indices.length;
    for (let i = 0; i < items; i++) if (rand() < density * 2 * (1 - i / (items + 1))) indices.push(i);
    if (indices.length === before) indices.push(Math.floor(rand() * items));
    indptr[u + 1] = indices.length;
  }
  return { rows: users, cols: items, indptr, indices: Int32Array.from(indices) };
}

/**
 * Differences between two top lists of the same shape, allowing reordering and swaps at the cut
 * only among scores equal within relative tolerance `tol`. Returns one message per difference
 * (an empty array means they agree).
 * @example
 * expect(topListsDiffer(gpu, cpu, 1e-5)).toEqual([]);
 */
export function topListsDiffer(a: TopK, b: TopK, tol: number): string[] {
  if (a.rows !== b.rows || a.k !== b.k) return [`shape ${a.rows}×${a.k} vs ${b.rows}×${b.k}`];
  const close = (x: number, y: number) => x === y || Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y));
  const out: string[] = [];
  for (let r = 0; r < a.rows; r++) {
    const row = (t: TopK) => {
      const m = new Map<number, number>();
      for (let p = r * t.k; p < (r + 1) * t.k; p++) if (t.ids[p]! >= 0) m.set(t.ids[p]!, t.scores[p]!);
      return m;
    };
    const ra = row(a);
    const rb = row(b);
    if (ra.size !== rb.size) out.push(`row ${r}: ${ra.size} vs ${rb.size} neighbours`);
    for (let t = 0; t < Math.min(ra.size, rb.size); t++) {
      const sa = a.scores[r * a.k + t]!;
      const sb = b.scores[r * b.k + t]!;
      if (!close(sa, sb)) out.push(`row ${r} rank ${t}: score ${sa} vs ${sb}`);
    }
    const lastA = a.scores[r * a.k + ra.size - 1] ?? -Infinity;
    const lastB = b.scores[r * b.k + rb.size - 1] ?? -Infinity;
    for (const [id, s] of ra) {
      const other = rb.get(id);
      if (other === undefined ? !close(s, lastB) : !close(s, other)) out.push(`row ${r}: id ${id} score ${s} vs ${other ?? "absent"}`);
    }
    for (const [id, s] of rb) if (!ra.has(id) && !close(s, lastA)) out.push(`row ${r}: id ${id} (${s}) only in the second list`);
  }
  return out;
}

/**
 * The item ranges the range tests try on a catalogue of n items: all of it, a random [a, b),
 * an empty [a, a) and the tail [b, n).
 * @example
 * for (const r of itemRanges(seededRandom(1), 50)) await backend.cooccurrenceTopN(x, { topN: 5, items: r });
 */
export function itemRanges(rand: () => number, n: number): Array<{ from: number; to: number }> {
  const p = Math.floor(rand() * (n + 1));
  const q = Math.floor(rand() * (n + 1));
  const a = Math.min(p, q);
  const b = Math.max(p, q);
  return [{ from: 0, to: n }, { from: a, to: b }, { from: a, to: a }, { from: b, to: n }];
}

/**
 * Rows [from, to) of a top list, as a TopK of their own (copies).
 * @example
 * expect(topKBits(await f({ items: r }))).toEqual(topKBits(topKRows(full, r.from, r.to)));
 */
export function topKRows(t: TopK, from: number, to: number): TopK {
  return { rows: to - from, k: t.k, ids: t.ids.slice(from * t.k, to * t.k), scores: t.scores.slice(from * t.k, to * t.k) };
}

/**
 * A top list as plain arrays with every score as its f32 bit pattern, for bit-exact comparisons.
 * @example
 * expect(topKBits(a)).toEqual(topKBits(b));
 */
export function topKBits(t: TopK): { rows: number; k: number; ids: number[]; bits: number[] } {
  const bits = new Uint32Array(Float32Array.from(t.scores).buffer);
  return { rows: t.rows, k: t.k, ids: Array.from(t.ids), bits: Array.from(bits) };
}
