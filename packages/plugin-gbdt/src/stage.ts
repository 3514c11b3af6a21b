/**
 * rank.gbdt: gradient-boosted trees (LightGBM-style histogram boosting) as a ranker, exported to
 * ONNX for serving as MetaSpore's demo does with LightGBM and onnxmltools. Samples mode writes
 * scores.<name> for eval.scores; funnel mode writes recs.<name> for eval.recs and the sinks.
 */
import { blob, defineStage, json, table, UserError } from "@shortlist/runner";
import { rankedRecs } from "@shortlist/runner/recsys";
import { dumpGbdt } from "./dump.ts";
import { predictProba, trainGbdt, type GbdtModel, type GbdtOptions } from "./model.ts";
import { gbdtToOnnx } from "./onnx/index.ts";
import { funnelMode, samplesMode, type Prepared } from "./stage-modes.ts";
import { gbdtOutputs, gbdtStageOptions, outputNames, type GbdtStageOptions } from "./stage-options.ts";
import { importanceMetrics, importanceOf, trainingCurve } from "./stage-report.ts";

/** Top features by gain recorded as metrics (the importance artifact holds them all). */
const TOP_FEATURES = 5;

export const gbdtStage = defineStage({
  kind: "rank",
  description: "Gradient-boosted trees (binary / regression / lambdarank) → ONNX model, scores.<name> (samples) or recs.<name> (funnel)",
  options: gbdtStageOptions,
  inputs: (o) => (o.candidates ? [o.candidates, o.rank] : [o.input]),
  outputs: gbdtOutputs,
  async run(ctx, o) {
    const p = o.candidates
      ? funnelMode(await ctx.table(o.candidates), await ctx.table(o.rank), { ...o, candidates: o.candidates }, ctx.stage, ctx.seed)
      : samplesMode(await ctx.table(o.input), o, ctx.stage);
    ctx.log(`${ctx.stage}: ${p.train.label.length} training and ${p.valid?.label.length ?? 0} validation rows, ${p.features.length} features (${p.features.join(", ")})`);
    const model = train(p, {
      ...trainerOptions(o),
      seed: ctx.seed,
      signal: ctx.signal,
      onRound: (r) => ctx.progress(r.round, o.numRounds, "rounds"),
    }, ctx.stage);
    ctx.signal.throwIfAborted();
    const score = Float32Array.from(predictProba(model, p.scored.columns));
    const names = outputNames(o.name);
    ctx.output(names.onnx, blob(gbdtToOnnx(model), "onnx"));
    ctx.output(names.dump, json(dumpGbdt(model)));
    ctx.output(names.importance, json(importanceOf(model)));
    ctx.output(names.training, json(trainingCurve(model, o.name, p.train.label.length)));
    if (o.candidates) ctx.output(names.recs, rankedRecs(p.scored.table, score, o.k, p.scored.name));
    else ctx.output(names.scores, scoresTable(p, score, o.label));
    record(ctx, model);
  },
});

/**
 * trainGbdt, with its complaints about the data (messages "training data: …" / "validation data: …",
 * which the stage's own checks should already have caught) turned into user errors naming the stage.
 */
function train(p: Prepared, options: Partial<GbdtOptions>, stage: string): GbdtModel {
  try {
    return trainGbdt(p.train, p.valid, options);
  } catch (e) {
    if (e instanceof Error && /^(training|validation) data: /.test(e.message)) throw new UserError(`${stage}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** The library's options from the stage's (the stage-only keys dropped). */
function trainerOptions(o: GbdtStageOptions) {
  const { input: _i, candidates: _c, rank: _r, validShare: _v, k: _k, name: _n, features: _f, label: _l, group: _g, ...training } = o;
  return training;
}

/** scores.<name>: { user, item, label, score } of the scored (test) rows. */
function scoresTable(p: Prepared, score: Float32Array, label: string) {
  const { table: t, rows } = p.scored;
  const pick = (name: string) => Int32Array.from(rows, (r) => (t.columns[name] as ArrayLike<number>)[r]!); // checked by samplesMode
  return table({ user: pick("user"), item: pick("item"), label: Float32Array.from(rows, (r) => (t.columns[label] as ArrayLike<number>)[r]!), score });
}

function record(ctx: { metrics: { record(n: string, v: number): void }; log(m: string): void; stage: string }, model: GbdtModel): void {
  ctx.metrics.record("best_iteration", model.bestIteration);
  if (model.bestScore !== null) ctx.metrics.record(`valid.${model.metric.replace("@", "")}`, model.bestScore);
  for (const [k, v] of Object.entries(importanceMetrics(model, TOP_FEATURES))) ctx.metrics.record(k, v);
  const top = importanceOf(model);
  const best = top.feature.map((f, i) => [f, top.gain[i]!] as const).sort((a, b) => b[1] - a[1]).slice(0, TOP_FEATURES);
  ctx.log(`${ctx.stage}: ${model.trees.length} trees (best round ${model.bestIteration}${model.bestScore !== null ? `, valid ${model.metric} ${model.bestScore.toFixed(4)}` : ""}); top features by gain: ${best.map(([f, g]) => `${f} ${g.toFixed(1)}`).join(", ")}`);
}
