/**
 * The configurations a search tries: every combination of the parameters' values (grid), or
 * `trials` draws from them (random, seeded). Both are deterministic, so a resumed search meets the
 * same trial numbers with the same values.
 */
import { keyOf, Rng } from "@shortlist/core-gpu/random";
import type { Parameter, Range, TuneSpec } from "./declaration.ts";

/** One trial's values: `--set` path → value. */
export type Configuration = Record<string, unknown>;

/**
 * The grid points of a range: `steps` values from min to max, evenly spaced on its scale.
 * @example rangePoints({ min: 1, max: 100, scale: "log", steps: 3, integer: true }) // [1, 10, 100]
 */
export function rangePoints(r: Range): number[] {
  const steps = r.steps ?? 1;
  const out = Array.from({ length: steps }, (_, i) => fromUnit(r, steps === 1 ? 0 : i / (steps - 1)));
  return [...new Set(out)];
}

/** The value at position u ∈ [0, 1] of a range, on its scale. */
function fromUnit(r: Range, u: number): number {
  const v = r.scale === "log" ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
  return r.integer ? Math.round(v) : Number(v.toPrecision(6));
}

/** A parameter's candidate values (a range without steps: none, it can only be sampled). @example candidates({ path: "seed", values: [1, 2], where }) // [1, 2] */
export function candidates(p: Parameter): unknown[] {
  return p.values ?? (p.range?.steps !== undefined ? rangePoints(p.range) : []);
}

/**
 * The search's configurations, in trial order.
 * @example configurations({ strategy: "grid", parameters: [{ path: "seed", values: [1, 2] }] } as TuneSpec, 42) // [{ seed: 1 }, { seed: 2 }]
 */
export function configurations(spec: Pick<TuneSpec, "strategy" | "parameters" | "trials" | "seed">, pipelineSeed: number): Configuration[] {
  if (spec.strategy === "random" || (spec.strategy === "halving" && spec.trials !== undefined)) {
    const rng = new Rng(spec.seed ?? pipelineSeed, keyOf("tune.random"));
    const drawOne = () => Object.fromEntries(spec.parameters.map((p) => [p.path, draw(p, rng)]));
    // a space of lists only is drawn without repeats while it has unseen combinations
    const size = spec.parameters.every((p) => p.values) ? spec.parameters.reduce((n, p) => n * p.values!.length, 1) : Infinity;
    const seen = new Set<string>();
    return Array.from({ length: spec.trials ?? 0 }, () => {
      let c = drawOne();
      for (let tries = 0; seen.size < size && seen.has(JSON.stringify(c)) && tries < 1000; tries++) c = drawOne();
      seen.add(JSON.stringify(c));
      return c;
    });
  }
  let out: Configuration[] = [{}];
  for (const p of spec.parameters) out = out.flatMap((c) => candidates(p).map((v) => ({ ...c, [p.path]: v })));
  return spec.trials !== undefined ? out.slice(0, spec.trials) : out;
}

/**
 * Successive halving's budgets: min, min·eta, min·eta², … up to max (the last rung runs at max).
 * @example rungBudgets(1, 27, 3) // [1, 3, 9, 27]
 */
export function rungBudgets(min: number, max: number, eta: number): number[] {
  const out: number[] = [];
  for (let b = min; b < max; b *= eta) out.push(b);
  return [...out, max];
}

function draw(p: Parameter, rng: Rng): unknown {
  if (p.values) return p.values[Math.min(p.values.length - 1, rng.int(p.values.length))];
  return fromUnit(p.range!, rng.float());
}
