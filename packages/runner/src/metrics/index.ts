/**
 * Evaluation metrics shared by every plugin, the built-in eval stages and the tuner.
 * @example
 * import { evaluateTopK, auc } from "@shortlist/runner/metrics";
 */
export { scoreList, discount, type ListScores } from "./list-metrics.ts";
export { evaluateTopK, TOP_K_METRICS, type TopKMetric, type TopKOptions, type TopKResult } from "./top-k.ts";
export { addListCurve, curveSums, CURVE_METRICS, type CurveMetric, type CurveSums } from "./list-curve.ts";
export { popularityReference, gini, BiasAccumulator, BIAS_METRICS, HEAD_SHARE, type PopularityReference } from "./popularity-bias.ts";
export { groupByUser, type UserLists } from "./group-by-user.ts";
export { auc } from "./auc.ts";
export { logloss, LOGLOSS_EPS } from "./logloss.ts";
export { gauc, type GaucResult } from "./gauc.ts";
