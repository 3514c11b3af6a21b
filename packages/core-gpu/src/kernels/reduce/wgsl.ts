/**
 * The Reduce programs. Each is generated per (map, combine): map is x or x² (sumSquares),
 * combine is + or a NaN-propagating max (WGSL's max may drop a NaN). Shapes and the mean's
 * divisor are uniforms, so one pipeline serves every size.
 *
 * - rows: one workgroup per row, threads stride along the row, then a shared-memory tree.
 * - columns: one thread per column, looping over the rows.
 * - partials: stage one of "all": 64 workgroups each reduce a contiguous chunk of one window.
 */
import type { ProgramInfo } from "../../webgpu/program.ts";
import { isNanFn, linearEntry, threadIndex, workgroupIndex } from "../../webgpu/wgsl.ts";

export type MapKind = "id" | "square";
export type CombineKind = "sum" | "max";

/** Threads per workgroup of the tree reductions (a power of two). */
export const TREE = 256;
/** Workgroups (and partial results) per window in stage one of "all": 64 f32 = one 256-byte aligned block. */
export const PARTIALS = 64;
const COLUMN_WG = 64;
const IO = [
  { name: "x", type: "array<f32>", access: "read" },
  { name: "out", type: "array<f32>", access: "read_write" },
] as const;
const programs = new Map<string, ProgramInfo>();

function helpers(map: MapKind, combine: CombineKind): string {
  const identity = combine === "max" ? "bitcast<f32>(negInfBits)" : "0.0";
  const join = combine === "max" ? "if (isNan(a) || isNan(b)) { return bitcast<f32>(nanBits); } return max(a, b);" : "return a + b;";
  // Infinities and NaN from variables: WGSL rejects them as constant expressions.
  return `${isNanFn()}
var<private> negInfBits: u32 = 0xff800000u;
var<private> nanBits: u32 = 0x7fc00000u;
fn identity() -> f32 { return ${identity}; }
fn mapped(v: f32) -> f32 { return ${map === "square" ? "v * v" : "v"}; }
fn combine(a: f32, b: f32) -> f32 { ${join} }
fn finish(v: f32) -> f32 { return ${combine === "max" ? "v" : "v / u.div"}; }`;
}

/** Strided per-thread pass over [start, end) of x, then the workgroup tree; lane 0 holds the result. */
function treeBody(start: string, end: string): string {
  return `var acc = identity();
  for (var i = ${start} + lid; i < ${end}; i += ${TREE}u) { acc = combine(acc, mapped(x[i])); }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${TREE / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] = combine(part[lid], part[lid + s]); }
    workgroupBarrier();
  }`;
}

function cached(kind: string, map: MapKind, combine: CombineKind, uniforms: ProgramInfo["uniforms"], body: () => string): ProgramInfo {
  const key = `${kind}:${map}:${combine}`;
  let p = programs.get(key);
  if (!p) programs.set(key, (p = { name: `reduce.${kind}`, cacheKey: key, bindings: IO, uniforms, body }));
  return p;
}

/**
 * out[r] = finish(combine over row r of x [rows, cols]); one workgroup per row. Uniforms: rows, cols, div.
 * @example
 * engine.dispatch(rowsProgram("id", "sum"), [x, out], [rows, cols, 1], rows);
 */
export function rowsProgram(map: MapKind, combine: CombineKind): ProgramInfo {
  return cached("rows", map, combine, [["rows", "u32"], ["cols", "u32"], ["div", "f32"]], () => `${helpers(map, combine)}
var<workgroup> part: array<f32, ${TREE}>;
${linearEntry(TREE)} {
  let row = ${workgroupIndex()};
  if (row >= u.rows) { return; }
  ${treeBody("row * u.cols", "(row + 1u) * u.cols")}
  if (lid == 0u) { out[row] = finish(part[0]); }
}`);
}

/**
 * out[j] = finish(combine over column j of x [rows, cols]); one thread per column. Uniforms: rows, cols, div.
 * @example
 * engine.dispatch(columnsProgram("id", "max"), [x, out], [rows, cols, 1], Math.ceil(cols / 64));
 */
export function columnsProgram(map: MapKind, combine: CombineKind): ProgramInfo {
  return cached("columns", map, combine, [["rows", "u32"], ["cols", "u32"], ["div", "f32"]], () => `${helpers(map, combine)}
${linearEntry(COLUMN_WG)} {
  let j = ${threadIndex(COLUMN_WG)};
  if (j >= u.cols) { return; }
  var acc = identity();
  for (var r = 0u; r < u.rows; r++) { acc = combine(acc, mapped(x[r * u.cols + j])); }
  out[j] = finish(acc);
}`);
}

/** Workgroups per column dispatch. */
export const columnGroups = (cols: number): number => Math.ceil(cols / COLUMN_WG);

/**
 * Stage one of "all": workgroup g (of PARTIALS) reduces x[g·chunk, min(count, (g+1)·chunk)) to
 * out[g], unfinished (no mean division). Uniforms: count, chunk, div (unused).
 * @example
 * engine.dispatch(partialsProgram("square", "sum"), [window, partials], [count, chunk, 1], PARTIALS);
 */
export function partialsProgram(map: MapKind, combine: CombineKind): ProgramInfo {
  return cached("partials", map, combine, [["count", "u32"], ["chunk", "u32"], ["div", "f32"]], () => `${helpers(map, combine)}
var<workgroup> part: array<f32, ${TREE}>;
${linearEntry(TREE)} {
  let g = ${workgroupIndex()};
  if (g >= ${PARTIALS}u) { return; }
  ${treeBody("g * u.chunk", "min(u.count, (g + 1u) * u.chunk)")}
  if (lid == 0u) { out[g] = part[0]; }
}`);
}
