/**
 * Seeded initialisers. Values are drawn on the host in f64 from one seeded stream (the shared
 * `Rng` of ../random/rng.ts: `new Rng(seed)`), so the same seed gives bit-identical weights on
 * every engine.
 */
import { Rng } from "../random/rng.ts";

export { Rng };

export type InitName = "xavierUniform" | "xavierNormal" | "heUniform" | "heNormal" | "normal" | "truncatedNormal" | "uniform" | "zeros";

export interface InitSpec {
  kind: InitName;
  /** Standard deviation for normal / truncatedNormal, half-width for uniform. */
  scale?: number;
}

/**
 * Values for a weight of `shape` with fan-in `fanIn` and fan-out `fanOut` (Glorot & Bengio 2010;
 * He et al. 2015; truncated normal redraws beyond two standard deviations, as TensorFlow).
 * @example
 * const w = initValues({ kind: "xavierUniform" }, 256 * 128, 256, 128, new Rng(42));
 */
export function initValues(spec: InitSpec, n: number, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  const draw = sampler(spec, fanIn, fanOut, rng);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

function sampler(spec: InitSpec, fanIn: number, fanOut: number, rng: Rng): () => number {
  const s = spec.scale;
  switch (spec.kind) {
    case "xavierUniform": {
      const a = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
      return () => (2 * rng.float() - 1) * a;
    }
    case "xavierNormal": {
      const sd = Math.sqrt(2 / Math.max(1, fanIn + fanOut));
      return () => rng.normal() * sd;
    }
    case "heUniform": {
      const a = Math.sqrt(6 / Math.max(1, fanIn));
      return () => (2 * rng.float() - 1) * a;
    }
    case "heNormal": {
      const sd = Math.sqrt(2 / Math.max(1, fanIn));
      return () => rng.normal() * sd;
    }
    case "normal":
      return () => rng.normal() * (s ?? 0.01);
    case "truncatedNormal":
      return () => {
        for (;;) {
          const z = rng.normal();
          if (Math.abs(z) <= 2) return z * (s ?? 0.01);
        }
      };
    case "uniform":
      return () => (2 * rng.float() - 1) * (s ?? 0.05);
    case "zeros":
      return () => 0;
  }
}
