/**
 * Dropout loops of the CPU engine, bit-identical to the generic compiled loop and the reference
 * ("dropout", "reluDropout" and "reluDropoutGrad" in ops.ts) but several times faster: the generic
 * loop calls `lib.keepDropout` per element, which hashes through `>>> 0` doubles and compares a
 * float draw. Here the two lowbias32 rounds are inlined in int32 arithmetic (Math.imul; the bits
 * are the same whatever the sign) and the draw is compared as an integer:
 *   (h >>> 8) / 2²⁴ ≥ p  ⇔  (h >>> 8) ≥ ⌈p·2²⁴⌉   (p·2²⁴ is exact, a power-of-two scaling).
 */

/** The smallest 24-bit draw that keeps an element at drop probability `p`. @example keepThreshold(0.5) // 8388608 */
export function keepThreshold(p: number): number {
  return Math.ceil(p * 16777216);
}

/**
 * out[i] = keep(i) ? f(x[i]) : 0, f(x) = x·beta (dropout) or, with `relu`, x ≤ 0 ? 0 : x·beta
 * (NaN kept as NaN, as relu does). Branch-free: x·beta is stored, then its bits are masked with
 * the keep bit and, for relu, the sign test of reluLoop in cpu.ts (a mispredicted branch per
 * element on a random mask cost ~3× the whole loop).
 * @example
 * dropoutLoop(out, x, 0.2, 1.25, seed, true); // dropout(relu(x)) in one pass
 */
export function dropoutLoop(out: Float32Array, x: Float32Array, p: number, beta: number, seed: number, relu: boolean): void {
  const thr = keepThreshold(p) | 0;
  const s = seed | 0;
  const n = x.length;
  const oi = new Int32Array(out.buffer, out.byteOffset, n);
  const xi = new Int32Array(x.buffer, x.byteOffset, n);
  for (let i = 0; i < n; i++) {
    let h = i ^ (i >>> 16);
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    h ^= s;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    const b = xi[i]!;
    out[i] = x[i]! * beta;
    // all ones when kept: (h >>> 8) − thr ≥ 0 (both below 2²⁵, so no overflow)
    let mask = ~(((h >>> 8) - thr) >> 31);
    // relu: clear when the sign bit is set unless the value is NaN (−0, −∞ → +0)
    if (relu) mask &= ~((b >> 31) & (((b & 0x7fffffff) - 0x7f800001) >> 31));
    oi[i] = oi[i]! & mask;
  }
}

/**
 * reluDropout's gradient from its output y: out[i] = y[i] > 0 ? dy[i]·scale : 0, branch-free
 * (a mispredicted branch per element on random masks costs more than the arithmetic).
 * @example
 * reluDropoutGradLoop(dx, dy, y, 1.25);
 */
export function reluDropoutGradLoop(out: Float32Array, dy: Float32Array, y: Float32Array, scale: number): void {
  const oi = new Int32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = dy[i]! * scale;
    oi[i] = oi[i]! & -+(y[i]! > 0);
  }
}
