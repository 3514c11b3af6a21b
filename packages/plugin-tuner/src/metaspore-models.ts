/**
 * What each MetaSpore tuner `model_name` means in Shortlist: the stage it tunes, each `hyper_param`
 * as that stage's option (with the value converted where the two differ), the hyper-parameters
 * MetaSpore has and Shortlist does not (accepted only as one fixed value, and why), and the
 * metric MetaSpore orders experiments by, as a Shortlist objective. Names and meanings are read
 * from MetaSpore's demo/movielens/offline/tuner/{itemcf,swing,simplex,widedeep}_tuner.{yaml,py}.
 */
import { UserError } from "@shortlist/runner/host";

/** A pipeline stage as the file declares it. */
export type DeclaredStage = { use: string; id?: string; with?: Record<string, unknown> };

export interface ModelMapping {
  /** The stage (`use:`) the model's hyper-parameters tune. */
  stage: string;
  /** hyper_param → [option path under `with`, value conversion]. */
  params: Record<string, [string, (v: unknown) => unknown]>;
  /** hyper_params with no counterpart here: accepted with one value only (nothing to search), with why. */
  fixed?: Record<string, string>;
  /** The objective `stageId:metric` for MetaSpore's ordering metric, or a UserError naming what is missing. */
  objective(stages: DeclaredStage[], stage: DeclaredStage, pipelineFile: string): string;
}

const same = (v: unknown) => v;
const truthy = (v: unknown) => v === true || v === "True" || v === "true";

/** The eval.recs stage that scores `recs`, ordered by Recall@20 as MetaSpore's retrieval tuners do. */
function recallAt20(stages: DeclaredStage[], recs: string, pipelineFile: string): string {
  const ev = stages.find((s) => s.use === "eval.recs" && s.with?.recs === recs);
  if (!ev) throw new UserError(`${pipelineFile}: no eval.recs stage evaluates ${recs}, so there is nothing to order the experiments by (MetaSpore orders by Recall@20)`);
  return `${ev.id ?? ev.use}:recall@20`;
}

/** An item-to-item model's recs: the recall.i2i-recs stage reading its i2i table. */
function i2iObjective(model: string) {
  return (stages: DeclaredStage[], _s: DeclaredStage, file: string) => {
    const recs = stages.find((s) => s.use === "recall.i2i-recs" && (s.with?.i2i ?? "i2i.itemcf") === `i2i.${model}`);
    return recallAt20(stages, (recs?.with?.output as string) || `recs.${model}`, file);
  };
}

const FTRL_SIMPLEX = "MetaSpore trains SimpleX's embedding tables with FTRL on its parameter server; recall.simplex trains every parameter with Adam (its lr)";
const SHUFFLE = "training batches are always shuffled here, with the run's seed";

/** MetaSpore model_name → its Shortlist stage. Swing's `use_plain_weight` is β = 0. */
export const MODELS: Record<string, ModelMapping> = {
  itemcf: { stage: "recall.itemcf", params: { max_recommendation_count: ["neighbours", same] }, objective: i2iObjective("itemcf") },
  swing: {
    stage: "recall.swing",
    params: {
      smoothing_coefficient: ["alpha", same],
      use_plain_weight: ["beta", (v) => (truthy(v) ? 0 : 0.3)],
      max_recommendation_count: ["neighbours", same],
    },
    objective: i2iObjective("swing"),
  },
  simplex: {
    stage: "recall.simplex",
    params: {
      _negative_sample_count: ["negatives", same],
      _w: ["negativeWeight", same],
      _m: ["margin", same],
      net_dropout: ["dropout", same],
      batch_size: ["batchSize", same],
      embedding_size: ["dim", same],
      gamma: ["gamma", same],
      adam_learning_rate: ["lr", same],
      training_epoches: ["epochs", same],
    },
    fixed: { ftrl_learning_rate: FTRL_SIMPLEX, ftrl_smothing_rate: FTRL_SIMPLEX, ftrl_l1_regularization: FTRL_SIMPLEX, ftrl_l2_regularization: FTRL_SIMPLEX, shuffle_training_dataset: SHUFFLE },
    objective: (stages, s, file) => recallAt20(stages, `recs.${(s.with?.algo as string) ?? "simplex"}`, file),
  },
  widedeep: {
    stage: "rank.widedeep",
    params: {
      use_wide: ["useWide", truthy],
      batch_size: ["batchSize", same],
      embedding_size: ["embeddingSize", same],
      // MetaSpore's list ends with the output layer (…, 1); hiddenUnits are the hidden layers only
      deep_hidden_units: ["hiddenUnits", (v) => (Array.isArray(v) && v.length > 1 && v.at(-1) === 1 ? v.slice(0, -1) : v)],
      adam_learning_rate: ["lr", same],
      ftrl_learning_rate: ["ftrl.alpha", same],
      ftrl_smothing_rate: ["ftrl.beta", same],
      ftrl_l1_regularization: ["ftrl.l1", same],
      ftrl_l2_regularization: ["ftrl.l2", same],
      training_epoches: ["epochs", same],
    },
    fixed: { shuffle_training_dataset: SHUFFLE },
    // MetaSpore orders Wide & Deep experiments by AUC (on its test set); here by the stage's own
    // validation AUC (its best epoch's), which reads the validation rows only
    objective: (_stages, s) => `${s.id ?? s.use}:valid_auc`,
  },
};
