/**
 * The WGSL Swing kernel: one thread per (item, pair of its users). The thread finds its pair
 * from a linear index (binary search over the block's per-item pair offsets, then over the rows
 * of the item's upper-triangular pair matrix), intersects the two users' sorted item lists once
 * to count the overlap, and again to add w_u·w_v·2/(α + overlap) to every other common item's
 * accumulator (float atomics, as the GPU has no f32 atomic add). The host takes the top-N of each
 * accumulator row.
 */
import type { ProgramInfo } from "../webgpu/program.ts";
import { linearEntry, threadIndex } from "../webgpu/wgsl.ts";

/**
 * WGSL `accAdd(i, v)`: adds f32 v to acc[i] (an array<atomic<u32>> of float bits) with a
 * compare-exchange loop, as WGSL has no float atomics.
 */
function accAddFn(): string {
  return `fn accAdd(i: u32, v: f32) {
  var old = atomicLoad(&acc[i]);
  loop {
    let r = atomicCompareExchangeWeak(&acc[i], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}`;
}

/** Threads per workgroup. */
export const SWING_WORKGROUP = 64;

/**
 * Uniforms: nItems (row width of acc), firstItem (dense id of block row 0), blockItems,
 * pairOffset (pairs handled by earlier dispatches of this block), pairCount (pairs in this
 * dispatch), alpha.
 * @example
 * await ctx.run(swingPairsProgram(), slices, [nItems, first, rows, offset, count, alpha], grid);
 */
export function swingPairsProgram(): ProgramInfo {
  return {
    name: "swing-pairs",
    cacheKey: `wg${SWING_WORKGROUP}`,
    bindings: [
      { name: "uptr", type: "array<u32>", access: "read" },
      { name: "uitems", type: "array<u32>", access: "read" },
      { name: "weights", type: "array<f32>", access: "read" },
      { name: "userStart", type: "array<u32>", access: "read" },
      { name: "blockUsers", type: "array<u32>", access: "read" },
      { name: "pairStart", type: "array<u32>", access: "read" },
      { name: "acc", type: "array<atomic<u32>>", access: "read_write" },
    ],
    uniforms: [
      ["nItems", "u32"],
      ["firstItem", "u32"],
      ["blockItems", "u32"],
      ["pairOffset", "u32"],
      ["pairCount", "u32"],
      ["alpha", "f32"],
    ],
    body: () => `
${accAddFn()}

// Index of the first pair of row a in the upper triangle (no diagonal) of an m×m matrix.
fn rowStart(a: u32, m: u32) -> u32 {
  return a * (m - 1u) - (a * (a - 1u)) / 2u;
}

${linearEntry(SWING_WORKGROUP)} {
  let t = ${threadIndex(SWING_WORKGROUP)};
  if (t >= u.pairCount) { return; }
  let pair = u.pairOffset + t;
  // Block row: the last li with pairStart[li] <= pair.
  var lo = 0u;
  var hi = u.blockItems;
  loop {
    if (hi - lo <= 1u) { break; }
    let mid = (lo + hi) / 2u;
    if (pairStart[mid] <= pair) { lo = mid; } else { hi = mid; }
  }
  let li = lo;
  let r = pair - pairStart[li];
  let m = userStart[li + 1u] - userStart[li];
  // Row a of the pair: the last a with rowStart(a) <= r.
  var alo = 0u;
  var ahi = m - 1u;
  loop {
    if (ahi - alo <= 1u) { break; }
    let mid = (alo + ahi) / 2u;
    if (rowStart(mid, m) <= r) { alo = mid; } else { ahi = mid; }
  }
  let b = alo + 1u + (r - rowStart(alo, m));
  let uu = blockUsers[userStart[li] + alo];
  let vv = blockUsers[userStart[li] + b];
  let pe = uptr[uu + 1u];
  let qe = uptr[vv + 1u];
  var p = uptr[uu];
  var q = uptr[vv];
  var overlap = 0u;
  loop {
    if (p >= pe || q >= qe) { break; }
    let x = uitems[p];
    let y = uitems[q];
    if (x == y) { overlap += 1u; p += 1u; q += 1u; } else if (x < y) { p += 1u; } else { q += 1u; }
  }
  if (overlap < 2u) { return; }
  let k = 2.0 * weights[uu] * weights[vv] / (u.alpha + f32(overlap));
  let item = u.firstItem + li;
  let base = li * u.nItems;
  p = uptr[uu];
  q = uptr[vv];
  loop {
    if (p >= pe || q >= qe) { break; }
    let x = uitems[p];
    let y = uitems[q];
    if (x == y) {
      if (x != item) { accAdd(base + x, k); }
      p += 1u;
      q += 1u;
    } else if (x < y) { p += 1u; } else { q += 1u; }
  }
}`,
  };
}
