/**
 * The histogram kernel in WebAssembly (SIMD), assembled here byte by byte: no toolchain is needed
 * and nothing is loaded from disk. Per row it loads the row index and the gathered (g, h) once,
 * widens them to an f64x2 pair, and for each of 1–4 features adds the pair to its bin's (g, h) slot
 * with one f64x2.add and the count with one f64.add — the same IEEE additions, in the same row
 * order, as the TypeScript kernels in histogram.ts, so histograms are equal bit for bit (tested).
 * Everything it reads and writes lives in one WebAssembly.Memory (arena.ts). On Ali-CCP 1M's bins
 * (800,000 rows × 23 features) 22 ms against 27–36 ms for the TypeScript kernels, 5 against 8–12 ms
 * on a 30% subset (see the package README). The partition's split loop and the gradient gather are
 * here too.
 */
import { sumGradients } from "./histogram.ts";

const uleb = (n: number): number[] => { const o: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const sleb = (n: number): number[] => { const o: number[] = []; for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { o.push(b); return o; } o.push(b | 0x80); } };
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (t: string) => [...uleb(t.length), ...Array.from(new TextEncoder().encode(t))];
const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i], tee = (i: number) => [0x22, i];
const i32 = (n: number) => [0x41, ...sleb(n)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const F64_ONE = [0x44, ...Array.from(new Uint8Array(Float64Array.of(1).buffer))];
const [ADD, SUB, MUL, SHL, SHR_U, LT_U, GE_U] = [0x6a, 0x6b, 0x6c, 0x74, 0x76, 0x49, 0x4f];

/**
 * Body of kernel(bins_0..k-1, hist_0..k-1, rows, count, og, oh[, sums]): all byte addresses; bins_j
 * is feature j's column, hist_j its first slot (3 f64 per bin: g, h, count), rows/og/oh the build's
 * first row index / gradient / hessian. With `sum`, the (g, h) pairs are also added up in a register
 * in row order and the pair stored at `sums`: the same additions as a serial `sg += og[i]` loop
 * (the leaf's totals), for free inside a pass that waits on memory anyway.
 */
function kernelBody(k: number, wide: boolean, sum = false): number[] {
  const rows = 2 * k, count = 2 * k + 1, og = 2 * k + 2, oh = 2 * k + 3, sums = 2 * k + 4;
  const p = 2 * k + 4 + (sum ? 1 : 0);
  const r = p, s = p + 1, end = p + 2, gh = p + 3, acc = p + 4;
  const feature = (j: number) => [
    ...get(j), ...get(r), ...(wide ? [...i32(1), SHL] : []), ADD, ...(wide ? [0x2f, 1, 0] : [0x2d, 0, 0]), // bin
    ...i32(24), MUL, ...get(k + j), ADD, ...set(s),
    ...get(s), ...get(s), ...simd(0x00, 3, 0), ...get(gh), ...simd(0xf0), ...simd(0x0b, 3, 0), // (g, h) += pair
    ...get(s), ...get(s), 0x2b, 3, 16, ...F64_ONE, 0xa0, 0x39, 3, 16, // count += 1
  ];
  return [
    2, 3, 0x7f, sum ? 2 : 1, 0x7b, // locals: r, s, end (i32), gh (v128)[, acc (v128, starts at +0)]
    ...get(rows), ...get(count), ...i32(2), SHL, ADD, ...set(end),
    0x02, 0x40, ...get(rows), ...get(end), GE_U, 0x0d, 0, 0x03, 0x40,
    ...get(rows), 0x28, 2, 0, ...set(r),
    ...get(og), 0x2a, 2, 0, 0xbb, ...simd(0x14), ...get(oh), 0x2a, 2, 0, 0xbb, ...simd(0x22, 1), ...set(gh),
    ...(sum ? [...get(acc), ...get(gh), ...simd(0xf0), ...set(acc)] : []), // (Σg, Σh) += pair
    ...Array.from({ length: k }, (_, j) => feature(j)).flat(),
    ...get(og), ...i32(4), ADD, ...set(og), ...get(oh), ...i32(4), ADD, ...set(oh),
    ...get(rows), ...i32(4), ADD, ...tee(rows), ...get(end), LT_U, 0x0d, 0,
    0x0b, 0x0b,
    ...(sum ? [...get(sums), ...get(acc), ...simd(0x0b, 3, 0)] : []),
    0x0b,
  ];
}

/**
 * Body of split(rows, end, tmp, column, goesLeft) → left count: row-jobs.ts splitRange's loop (rows
 * [rows, end) to tmp, left ones forwards from tmp, right ones backwards from its end; branch-free).
 */
function splitBody(wide: boolean): number[] {
  const [rows, end, tmp, col, goes, l, r, row, left] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return [
    1, 4, 0x7f, // locals: l, r, row, left
    ...get(tmp), ...set(l), ...get(tmp), ...get(end), ...get(rows), SUB, ADD, ...i32(4), SUB, ...set(r),
    0x02, 0x40, ...get(rows), ...get(end), GE_U, 0x0d, 0, 0x03, 0x40,
    ...get(rows), 0x28, 2, 0, ...set(row),
    ...get(goes), ...get(col), ...get(row), ...(wide ? [...i32(1), SHL] : []), ADD, ...(wide ? [0x2f, 1, 0] : [0x2d, 0, 0]), ADD, 0x2d, 0, 0, ...set(left),
    ...get(l), ...get(row), 0x36, 2, 0, ...get(r), ...get(row), 0x36, 2, 0,
    ...get(l), ...get(left), ...i32(2), SHL, ADD, ...set(l),
    ...get(r), ...i32(4), SUB, ...get(left), ...i32(2), SHL, ADD, ...set(r),
    ...get(rows), ...i32(4), ADD, ...tee(rows), ...get(end), LT_U, 0x0d, 0,
    0x0b, 0x0b,
    ...get(l), ...get(tmp), SUB, ...i32(2), SHR_U, 0x0b,
  ];
}

/** Body of gather(rows, end, g, h, og, oh): og/oh[i] = g/h[rows[i]] for the rows in [rows, end). */
function gatherBody(): number[] {
  const [rows, end, g, h, og, oh, r] = [0, 1, 2, 3, 4, 5, 6];
  return [
    1, 1, 0x7f, // local: r (the row's byte offset)
    0x02, 0x40, ...get(rows), ...get(end), GE_U, 0x0d, 0, 0x03, 0x40,
    ...get(rows), 0x28, 2, 0, ...i32(2), SHL, ...set(r),
    ...get(og), ...get(g), ...get(r), ADD, 0x28, 2, 0, 0x36, 2, 0, // bit copies (i32 load / store)
    ...get(oh), ...get(h), ...get(r), ADD, 0x28, 2, 0, 0x36, 2, 0,
    ...get(og), ...i32(4), ADD, ...set(og), ...get(oh), ...i32(4), ADD, ...set(oh),
    ...get(rows), ...i32(4), ADD, ...tee(rows), ...get(end), LT_U, 0x0d, 0,
    0x0b, 0x0b, 0x0b,
  ];
}

/** Features per pass over the rows (6 and 8 measured no faster on Ali-CCP 1M). */
const PASS = 4;
const KS = [1, 2, 3, 4];

const VARIANTS = [
  { name: "gather", params: 6, result: false, body: gatherBody() },
  ...[false, true].flatMap((wide) => KS.map((k) => ({ name: `${wide ? "u16" : "u8"}_${k}`, params: 2 * k + 4, result: false, body: kernelBody(k, wide) }))),
  ...[false, true].flatMap((wide) => KS.map((k) => ({ name: `${wide ? "u16" : "u8"}_${k}s`, params: 2 * k + 5, result: false, body: kernelBody(k, wide, true) }))),
  ...[false, true].map((wide) => ({ name: `split_${wide ? "u16" : "u8"}`, params: 5, result: true, body: splitBody(wide) })),
];

/** The module: imports env.mem (shared, up to `maxPages`), exports gather, u8_1..u8_4, u16_1..u16_4, the same with sums (u8_1s, …), split_u8, split_u16. */
function moduleBytes(maxPages: number): Uint8Array {
  const types = VARIANTS.map(({ params, result }) => [0x60, ...uleb(params), ...Array(params).fill(0x7f), ...(result ? [1, 0x7f] : [0])]);
  const bodies = VARIANTS.map(({ body }) => [...uleb(body.length), ...body]);
  return Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [...uleb(types.length), ...types.flat()]),
    ...section(2, [1, ...name("env"), ...name("mem"), 2, 3, ...uleb(0), ...uleb(maxPages)]),
    ...section(3, [...uleb(VARIANTS.length), ...VARIANTS.map((_, i) => i)]),
    ...section(7, [...uleb(VARIANTS.length), ...VARIANTS.flatMap((v, i) => [...name(v.name), 0, i])]),
    ...section(10, [...uleb(bodies.length), ...bodies.flat()]),
  ]);
}

type Kernel = (...addresses: number[]) => void;
type Split = (rows: number, end: number, tmp: number, column: number, goesLeft: number) => number;
/** The kernels of one thread over a memory: histograms [u8 for 1..4 features, u16] (without / with the totals), split [u8, u16], gather. */
export interface WasmKernels { hist: [Kernel[], Kernel[]]; histSum: [Kernel[], Kernel[]]; split: [Split, Split]; gather: Kernel }

/**
 * Instantiates the kernels over `memory` (a shared WebAssembly.Memory; each thread its own instance).
 * @example const kernels = wasmKernels(arena.memory);
 */
export function wasmKernels(memory: WebAssembly.Memory): WasmKernels {
  const pages = memory.buffer.byteLength / 65_536;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(pages)), { env: { mem: memory } }).exports;
  const pick = (wide: boolean, sum = "") => KS.map((k) => exports[`${wide ? "u16" : "u8"}_${k}${sum}`] as Kernel);
  return { hist: [pick(false), pick(true)], histSum: [pick(false, "s"), pick(true, "s")], split: [exports.split_u8 as Split, exports.split_u16 as Split], gather: exports.gather as Kernel };
}

/**
 * histogram.ts's buildFeatureRange with the WebAssembly kernels: features[from..to), four per pass.
 * With `sums` (a Float64Array of 2 in the same memory) the last pass also writes Σog, Σoh over the
 * rows in row order into it (+0 for no rows), as histogram.ts's sumGradients adds them.
 * Every array must be a view of the memory the kernels were instantiated on.
 * @example buildFeatureRangeWasm(kernels, data, features, 0, features.length, rows, 0, count, og, oh, hist);
 */
export function buildFeatureRangeWasm(kernels: WasmKernels, data: { rows: number; bins: Uint8Array | Uint16Array; histOffset: Int32Array }, features: ArrayLike<number>, from: number, to: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array, sums: Float64Array | null = null): void {
  if (sums && (count <= 0 || from >= to)) sumGradients(og, oh, count, sums); // no pass to add them in
  if (count <= 0) return;
  const w = data.bins.BYTES_PER_ELEMENT;
  const plain = kernels.hist[w === 2 ? 1 : 0], withSums = kernels.histSum[w === 2 ? 1 : 0];
  const col = (f: number) => data.bins.byteOffset + w * f * data.rows;
  const slot = (f: number) => hist.byteOffset + 24 * data.histOffset[f]!;
  const rp = rows.byteOffset + 4 * begin, gp = og.byteOffset, hp = oh.byteOffset;
  for (let k = from; k < to; k += PASS) {
    const m = Math.min(PASS, to - k);
    const args: number[] = [];
    for (let j = 0; j < m; j++) args.push(col(features[k + j]!));
    for (let j = 0; j < m; j++) args.push(slot(features[k + j]!));
    args.push(rp, count, gp, hp);
    if (sums && k + m >= to) { args.push(sums.byteOffset); withSums[m - 1]!(...args); } else plain[m - 1]!(...args);
  }
}
