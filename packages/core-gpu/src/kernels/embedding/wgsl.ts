/**
 * The embedding kernels in WGSL: one thread per output (or source) element, 64 a workgroup.
 * Tables are bound one window at a time (../windows.ts): `first`/`len` say which table elements the
 * window holds, and a thread touches the table only when its element falls inside. Ids outside
 * [0, rows) read as zero rows (Gather, EmbeddingBag) or are skipped (ScatterAdd): shaders cannot
 * throw, and the nn layer checks host ids before they are uploaded.
 */
import type { ProgramInfo } from "../../webgpu/program.ts";
import { linearEntry, threadIndex } from "../../webgpu/wgsl.ts";
import { WG } from "../windows.ts";

/** Flags of the EmbeddingBag program: first window (start from 0), last window (apply the mean), mean mode. */
export const BAG_FIRST = 1;
export const BAG_LAST = 2;
export const BAG_MEAN = 4;

/** The table element a thread (row r of ids, column d) reads, or none: shared by the three programs. */
const LOCATE = `fn locate(id: i32, d: u32) -> u32 {
  if (id < 0 || u32(id) >= u.rows) { return 0xffffffffu; }
  let e = u32(id) * u.width + d;
  if (e < u.first || e - u.first >= u.len) { return 0xffffffffu; }
  return e - u.first;
}`;

/** Uniforms: count = B·D outputs; the first window also writes zero rows for bad ids. */
export const GATHER_PROGRAM: ProgramInfo = {
  name: "embedding.Gather",
  cacheKey: "",
  bindings: [
    { name: "table", type: "array<f32>", access: "read" },
    { name: "ids", type: "array<i32>", access: "read" },
    { name: "out", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"], ["width", "u32"], ["rows", "u32"], ["first", "u32"], ["len", "u32"], ["firstWindow", "u32"]],
  body: () => `${LOCATE}
${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  let id = ids[i / u.width];
  if (id < 0 || u32(id) >= u.rows) { if (u.firstWindow != 0u) { out[i] = 0.0; } return; }
  let k = locate(id, i % u.width);
  if (k != 0xffffffffu) { out[i] = table[k]; }
}`,
};

/**
 * Uniforms: count = B·D source elements. f32 atomic add by a compare-exchange loop on the bits
 * (WGSL has no float atomics), as the Swing kernel: duplicates accumulate in arrival order, so
 * sums over duplicate ids may differ from the CPU's in the last bits from run to run.
 */
export const SCATTER_ADD_PROGRAM: ProgramInfo = {
  name: "embedding.ScatterAdd",
  cacheKey: "",
  bindings: [
    { name: "acc", type: "array<atomic<u32>>", access: "read_write" },
    { name: "ids", type: "array<i32>", access: "read" },
    { name: "src", type: "array<f32>", access: "read" },
  ],
  uniforms: [["count", "u32"], ["width", "u32"], ["rows", "u32"], ["first", "u32"], ["len", "u32"]],
  body: () => `${LOCATE}
${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  let k = locate(ids[i / u.width], i % u.width);
  if (k == 0xffffffffu) { return; }
  let v = src[i];
  var old = atomicLoad(&acc[k]);
  loop {
    let r = atomicCompareExchangeWeak(&acc[k], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}`,
};

/**
 * Uniforms: count = nBags·D outputs, nnz = ids length (offsets are clamped to [0, nnz]).
 * One thread per (bag, column) sums its bag in id order; windows after the first add onto the
 * partial sums and the last one applies the mean. Two variants: with and without weights.
 */
export function embeddingBagProgram(weighted: boolean): ProgramInfo {
  const bindings: Array<ProgramInfo["bindings"][number]> = [
    { name: "table", type: "array<f32>", access: "read" },
    { name: "ids", type: "array<i32>", access: "read" },
    { name: "offsets", type: "array<i32>", access: "read" },
  ];
  if (weighted) bindings.push({ name: "weights", type: "array<f32>", access: "read" });
  bindings.push({ name: "out", type: "array<f32>", access: "read_write" });
  return {
    name: "embedding.EmbeddingBag",
    cacheKey: weighted ? "weighted" : "plain",
    bindings,
    uniforms: [["count", "u32"], ["width", "u32"], ["rows", "u32"], ["first", "u32"], ["len", "u32"], ["nnz", "u32"], ["flags", "u32"]],
    body: () => `${LOCATE}
${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  let bag = i / u.width;
  let d = i % u.width;
  let start = u32(clamp(offsets[bag], 0, i32(u.nnz)));
  let end = max(start, u32(clamp(offsets[bag + 1u], 0, i32(u.nnz))));
  var s = 0.0;
  if ((u.flags & ${BAG_FIRST}u) == 0u) { s = out[i]; }
  for (var j = start; j < end; j++) {
    let k = locate(ids[j], d);
    if (k != 0xffffffffu) { s += ${weighted ? "weights[j] * " : ""}table[k]; }
  }
  if ((u.flags & ${BAG_LAST}u) != 0u && (u.flags & ${BAG_MEAN}u) != 0u && end > start) { s /= f32(end - start); }
  out[i] = s;
}`,
  };
}
