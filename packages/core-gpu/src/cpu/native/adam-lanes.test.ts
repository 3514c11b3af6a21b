/**
 * The native Adam (adam-lanes.h, SSE assembly and its plain-C twin) against a plain f32 reference
 * (Math.fround after every operation, in the header's order) on fresh seeded random inputs: bit
 * for bit, on lengths off the 4-lane grid; the lazy form leaves untouched rows bit-identical.
 */
import { cc, ptr } from "bun:ffi";
import { expect, test } from "bun:test";
import { fileURLToPath } from "node:url";
import { Rng } from "../../random/rng.ts";
import { suiteSeed } from "../../testing/random.ts";
import { nativeKernels } from "./index.ts";

const seed = suiteSeed();
const f = Math.fround;
const out = (n: number) => new Float32Array(new ArrayBuffer(4 * Math.max(1, n))).subarray(0, n);
const filled = (rng: Rng, n: number, lo: number, hi: number) => out(n).map(() => lo + (hi - lo) * rng.float());

/** c = [b1, 1 − b1, b2, 1 − b2, sqrtBc2, eps, stepSize] as f32, one coordinate at a time. */
function reference(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, po: number, go: number, n: number, c: Float32Array): void {
  for (let j = 0; j < n; j++) {
    const [k, gk] = [po + j, g[go + j]!];
    const mk = f(f(c[0]! * m[k]!) + f(c[1]! * gk));
    const vk = f(f(c[2]! * v[k]!) + f(f(c[3]! * gk) * gk));
    m[k] = mk;
    v[k] = vk;
    p[k] = f(p[k]! - f(f(c[6]! * mk) / f(f(f(Math.sqrt(vk)) / c[4]!) + c[5]!)));
  }
}

function constants(step: number): Float32Array {
  const [b1, b2, lr] = [0.9, 0.999, 1e-3];
  return Float32Array.from([b1, 1 - b1, b2, 1 - b2, Math.sqrt(1 - b2 ** step), 1e-8, lr / (1 - b1 ** step)]);
}

type Adam = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, rows: Int32Array | undefined, d: number, c: Float32Array) => void;

/** The plain-C build of the same header (ADAM_PLAIN_C), so both branches are checked here. */
function plainC(): Adam {
  const lib = cc({
    source: fileURLToPath(new URL("./kernels.c", import.meta.url)),
    library: ["m"],
    define: { ADAM_PLAIN_C: "1" },
    symbols: { adam_dense: { args: ["ptr", "ptr", "ptr", "ptr", "i32", "ptr"], returns: "void" }, adam_rows: { args: ["ptr", "ptr", "ptr", "ptr", "ptr", "i32", "i32", "ptr"], returns: "void" } },
  });
  return (p, g, m, v, rows, d, c) => (rows ? lib.symbols.adam_rows(ptr(p), ptr(g), ptr(m), ptr(v), ptr(rows), rows.length, d, ptr(c)) : lib.symbols.adam_dense(ptr(p), ptr(g), ptr(m), ptr(v), p.length, ptr(c)));
}

function sameBits(got: Float32Array, want: Float32Array, what: string): void {
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`${what} [${i}] (seed ${seed}): got ${got[i]}, expected ${want[i]}`);
}

const impls: Array<[string, () => Adam | undefined]> = [["SSE", () => nativeKernels()?.adam], ["plain C", () => (nativeKernels() ? plainC() : undefined)]];

for (const [label, make] of impls) {
  test(`${label} dense Adam equals the f32 reference bit for bit, 3 steps, lengths off the lane grid`, () => {
    const adam = make();
    if (!adam) return console.warn("skipped: no native kernels");
    const rng = new Rng(seed, 1);
    for (const n of [1, 3, 4, 7, 64, 1031]) {
      const p = filled(rng, n, -1, 1), m = filled(rng, n, -0.01, 0.01), v = filled(rng, n, 0, 1e-4);
      const [p2, m2, v2] = [p.slice(), m.slice(), v.slice()];
      for (let step = 1; step <= 3; step++) {
        const g = filled(rng, n, -2, 2), c = constants(step);
        adam(p, g, m, v, undefined, 0, c);
        reference(p2, g, m2, v2, 0, 0, n, c);
      }
      sameBits(p, p2, `${label} p, n=${n}`);
      sameBits(m, m2, `${label} m, n=${n}`);
      sameBits(v, v2, `${label} v, n=${n}`);
      // and it is Adam: within f32 rounding of the f64 update from the same state
      const q = p.slice(), g = filled(rng, n, -2, 2), c = constants(4), [mm, vv] = [m.slice(), v.slice()];
      adam(q, g, mm, vv, undefined, 0, c);
      for (let j = 0; j < n; j++) {
        const mk = 0.9 * m[j]! + 0.1 * g[j]!, vk = 0.999 * v[j]! + 0.001 * g[j]! * g[j]!;
        const want = p[j]! - ((1e-3 / (1 - 0.9 ** 4)) * mk) / (Math.sqrt(vk) / Math.sqrt(1 - 0.999 ** 4) + 1e-8);
        expect(Math.abs(q[j]! - want)).toBeLessThan(1e-6 * (1 + Math.abs(want)));
      }
    }
  });

  test(`${label} lazy Adam updates the listed rows only, bit for bit`, () => {
    const adam = make();
    if (!adam) return console.warn("skipped: no native kernels");
    const rng = new Rng(seed, 2);
    for (const d of [1, 7, 16]) {
      const rows = 50;
      const p = filled(rng, rows * d, -1, 1), m = filled(rng, rows * d, -0.01, 0.01), v = filled(rng, rows * d, 0, 1e-4);
      const [p2, m2, v2] = [p.slice(), m.slice(), v.slice()];
      const ids = Int32Array.from(new Set(Array.from({ length: 20 }, () => rng.int(rows))));
      const list = new Int32Array(new ArrayBuffer(4 * ids.length));
      list.set(ids);
      const g = filled(rng, ids.length * d, -2, 2), c = constants(5);
      adam(p, g, m, v, list, d, c);
      list.forEach((r, u) => reference(p2, g, m2, v2, r * d, u * d, d, c));
      sameBits(p, p2, `${label} rows p, d=${d}`);
      sameBits(m, m2, `${label} rows m, d=${d}`);
      sameBits(v, v2, `${label} rows v, d=${d}`);
    }
  });
}
