/**
 * What bench/aliccp-ceiling.ts and bench/aliccp-twotower.ts share: the synthetic Ali-CCP
 * generator options they read from the environment, and the planted oracles they rank by, so
 * that both benches score the same oracle.
 *
 * Env (the generator's defaults unless set): FACTORS (ids | features), IDSHARE, CLICK_RATE,
 * EXPOSURE_SHARE (> 0 turns on exposure "personalised"), EXPOSURE_T, EXPOSURE_POOL.
 */
import type { Table } from "@shortlist/runner";
import { personalisedExposure, PlantedModel, type AliCcpOptions } from "../../packages/plugin-data/src/synthetic/aliccp.ts";
import { globalItemProbability } from "../../packages/plugin-data/src/synthetic/aliccp-exposure.ts";
import { ALICCP_COLUMNS } from "../../packages/plugin-data/src/synthetic/aliccp-schema.ts";

const EXPOSURE_SHARE = Number(process.env.EXPOSURE_SHARE ?? 0);

/** data.synthetic.aliccp's options besides rows, seed and strength. */
export const GENERATOR = {
  clickRate: Number(process.env.CLICK_RATE ?? 0.1),
  factors: (process.env.FACTORS ?? "ids") as "ids" | "features",
  idShare: Number(process.env.IDSHARE ?? 0.1),
  exposure: EXPOSURE_SHARE > 0 ? ("personalised" as const) : ("global" as const),
  exposureShare: EXPOSURE_SHARE,
  exposureTemperature: Number(process.env.EXPOSURE_T ?? 1),
  exposurePool: Number(process.env.EXPOSURE_POOL ?? 512),
};

/** GENERATOR in words, for a bench's first line. */
export function describeGenerator(): string {
  const g = GENERATOR;
  const idShare = g.factors === "features" ? ` (idShare ${g.idShare})` : "";
  const share = g.exposureShare > 0 ? ` (share ${g.exposureShare}, temperature ${g.exposureTemperature}, pool ${g.exposurePool})` : "";
  return `factors ${g.factors}${idShare}, clickRate ${g.clickRate}, exposure ${g.exposure}${share}`;
}

/** Item sets per user of a split. */
export function byUser(t: Table): Map<number, Set<number>> {
  const m = new Map<number, Set<number>>();
  const [u, it] = [t.columns.user as Int32Array, t.columns.item as Int32Array];
  u.forEach((x, r) => m.set(x, (m.get(x) ?? new Set()).add(it[r]!)));
  return m;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The generator's own ranking scores for generator options `o`: log P(impression | user) + log
 * true click probability at the mean position. The exposure term is the generator's own under
 * personalised exposure, else log impression frequency (`impressions`: item → impressions).
 * `features` (factors "features" only) uses the factors' feature parts alone.
 *
 * Under personalised exposure, `expected` knows the factors but not the user's pool of draws
 * (which no data reveals for a user seen a few times): the exposure term is its expectation over
 * pools, P(i | u) ≈ q(i)·((1 − share) + share·e^{a(u,i)/T} / Σ_j q(j)·e^{a(u,j)/T}), the sum over
 * the `catalogue` (items past it hold ~0.02% of q). What a model could reach from the data, at best.
 */
export function plantedOracles(o: AliCcpOptions, impressions: Map<number, number>, catalogue: number[] = []) {
  const model = new PlantedModel(o);
  const exposure = personalisedExposure(o, model);
  const shown = (u: number, i: number) => (exposure ? exposure.logProbability(u, i) : Math.log(impressions.get(i)!));
  const click = (u: number, i: number) => Math.log(sigmoid(model.clickLogit(u, i, 1.5)));
  const featureClick = (u: number, i: number) => Math.log(sigmoid(model.featureClickLogit(u, i, 1.5)));
  const features = o.factors === "features";
  return {
    model,
    oracle: (u: number, i: number) => shown(u, i) + click(u, i),
    features: features ? (u: number, i: number) => shown(u, i) + featureClick(u, i) : undefined,
    expected: exposure && catalogue.length > 0 ? expectedExposureOracle(o, (u, i) => model.affinityOf(u, i), catalogue, click) : undefined,
    /** `expected` from the factors' feature parts alone: what features without ids could reach. */
    expectedFeatures: exposure && catalogue.length > 0 && features ? expectedExposureOracle(o, (u, i) => model.featureAffinityOf(u, i), catalogue, featureClick) : undefined,
  };
}

function expectedExposureOracle(o: AliCcpOptions, affinity: (u: number, i: number) => number, catalogue: number[], click: (u: number, i: number) => number) {
  const [share, t] = [o.exposureShare ?? 0, o.exposureTemperature ?? 1];
  const max = ALICCP_COLUMNS.find((c) => c.name === "item_id")!.max;
  const q = (i: number) => globalItemProbability(i, max);
  const norm = new Map<number, number>();
  const z = (u: number) => {
    let v = norm.get(u);
    if (v === undefined) norm.set(u, (v = catalogue.reduce((s, j) => s + q(j) * Math.exp(affinity(u, j) / t), 0)));
    return v;
  };
  return (u: number, i: number) => Math.log(q(i) * (1 - share + (share * Math.exp(affinity(u, i) / t)) / z(u))) + click(u, i);
}
