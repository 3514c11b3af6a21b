/**
 * WGSL fragments shared by the kernels: entry points over a linear workgroup index (so a
 * dispatch may exceed 65,535 workgroups), the linear thread index, the top-K order and a NaN
 * test. Generating these instead of copying them keeps every kernel's indexing identical.
 */

/**
 * A compute entry point whose workgroups are numbered linearly across a 2-D grid, so a dispatch
 * can exceed 65,535 workgroups (see `gridFor`). Binds `wid`, `nwg` and `lid`.
 * @example
 * `${linearEntry(64)} { let t = ${threadIndex(64)}; }`
 */
export function linearEntry(workgroupSize: number): string {
  return `@compute @workgroup_size(${workgroupSize}) fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lid: u32)`;
}

/**
 * The linear workgroup number inside an entry made by `linearEntry`.
 * @example
 * `let wg = ${workgroupIndex()};`
 */
export function workgroupIndex(): string {
  return "(wid.x + wid.y * nwg.x)";
}

/**
 * The linear thread number inside an entry made by `linearEntry(workgroupSize)`.
 * @example
 * `let t = ${threadIndex(64)}; if (t >= u.count) { return; }`
 */
export function threadIndex(workgroupSize: number): string {
  return `(${workgroupIndex()} * ${workgroupSize}u + lid)`;
}

/**
 * The WGSL function `ranksAbove(s1, i1, s2, i2)`: true when candidate (s1, i1) comes before
 * (s2, i2) in top-K order: higher score first, ties by lower id. Ids are compared as u32, so the
 * empty slot (id -1 = 0xffffffff, score -inf) ranks below every real candidate, -inf included.
 * @example
 * `${ranksAboveFn()} ... if (ranksAbove(s, id, hs[0], hi[0])) { ... }`
 */
export function ranksAboveFn(): string {
  return `fn ranksAbove(s1: f32, i1: u32, s2: f32, i2: u32) -> bool {
  return s1 > s2 || (s1 == s2 && i1 < i2);
}`;
}

/**
 * The WGSL function `isNan(x)`, on the bits: shader compilers may fold `x != x` to false.
 * @example
 * `${isNanFn()} if (isNan(s)) { continue; }`
 */
export function isNanFn(): string {
  return "fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }";
}
