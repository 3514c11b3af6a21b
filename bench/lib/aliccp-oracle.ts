/**
 * What bench/aliccp-ceiling.ts and bench/aliccp-twotower.ts share: the synthetic Ali-CCP
 * generator options they read from the environment, and the planted oracles they rank by, so
 * that both benches score the same oracle.
 *
 * Env (the generator's defaults unless set): FACTORS (ids | features), IDSHARE, CLICK_RATE,
 * EXPOSURE_SHARE (> 0 turns on exposure "personalised"), EXPOSURE_T.
 */
import type { Table } from "@shortlist/runner";
import { personalisedExposure, PlantedModel, type AliCcpOptions } from "../../packages/plugin-data/src/synthetic/aliccp.ts";

const EXPOSURE_SHARE = Number(process.env.EXPOSURE_SHARE ?? 0);

/** data.synthetic.aliccp's options besides rows, seed and strength. */
export const GENERATOR = {
  clickRate: Number(process.env.CLICK_RATE ?? 0.1),
  factors: (process.env.FACTORS ?? "ids") as "ids" | "features",
  idShare: Number(process.env.IDSHARE ?? 0.1),
  exposure: EXPOSURE_SHARE > 0 ? ("personalised" as const) : ("global" as const),
  exposureShare: EXPOSURE_SHARE,
  exposureTemperature: Number(process.env.EXPOSURE_T ?? 1),
};

/** GENERATOR in words, for a bench's first line. */
export function describeGenerator(): string {
  const g = GENERATOR;
  const idShare = g.factors === "features" ? ` (idShare ${g.idShare})` : "";
  const share = g.exposureShare > 0 ? ` (share ${g.exposureShare}, temperature ${g.exposureTemperature})` : "";
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
 */
export function plantedOracles(o: AliCcpOptions, impressions: Map<number, number>) {
  const model = new PlantedModel(o);
  const exposure = personalisedExposure(o, model);
  const shown = (u: number, i: number) => (exposure ? exposure.logProbability(u, i) : Math.log(impressions.get(i)!));
  return {
    model,
    oracle: (u: number, i: number) => shown(u, i) + Math.log(sigmoid(model.clickLogit(u, i, 1.5))),
    features: o.factors === "features" ? (u: number, i: number) => shown(u, i) + Math.log(sigmoid(model.featureClickLogit(u, i, 1.5))) : undefined,
  };
}
