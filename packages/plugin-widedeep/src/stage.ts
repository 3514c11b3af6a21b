/** rank.widedeep: Wide & Deep CTR ranking (samples mode or the ranking funnel). */
import { createEngine } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import { blob, defineStage, json, table, UserError, type StageContext, type Table } from "@shortlist/runner";
import { rankedRecs } from "@shortlist/runner/recsys";
import { resolveColumns } from "./columns.ts";
import { encodeRows } from "./encode.ts";
import { exportWideDeep } from "./export-onnx.ts";
import { trainWideDeep } from "./fit.ts";
import { WideDeep } from "./model.ts";
import { widedeepOptions, type WidedeepOptions } from "./options.ts";
import { fitPreprocessing } from "./preprocess.ts";
import { rowsOfSamples, rowsOfCandidates, type FitRows } from "./rows.ts";
import { predict } from "./step.ts";

const STAGE = "rank.widedeep";
const funnel = (o: WidedeepOptions) => o.candidates !== undefined || o.rank !== undefined;
const names = (o: WidedeepOptions) => ({ model: `model.${o.output}`, training: `training.${o.output}`, scores: `scores.${o.output}`, recs: `recs.${o.output}` });

export const widedeepStage = defineStage({
  kind: "rank",
  description: "Wide & Deep CTR model (FTRL wide crosses + embedding MLP, Adam) → scores or ranked recs, ONNX model",
  options: widedeepOptions,
  inputs: (o) => (funnel(o) ? [o.candidates ?? "candidates.train", o.rank ?? "candidates.test"] : [o.input]),
  outputs: (o) => [names(o).model, names(o).training, funnel(o) ? names(o).recs : names(o).scores],
  async run(ctx, o) {
    if (funnel(o) && (o.candidates === undefined || o.rank === undefined)) {
      throw new UserError(`${STAGE}: ${o.candidates === undefined ? "rank" : "candidates"} is set without ${o.candidates === undefined ? "candidates" : "rank"}; funnel mode needs both (e.g. candidates: candidates.train, rank: candidates.test)`);
    }
    const fitName = o.candidates ?? o.input;
    const t = await ctx.table(fitName);
    const rows: FitRows = funnel(o) ? rowsOfCandidates(t, fitName, ctx.seed) : rowsOfSamples(t, fitName);
    const cols = resolveColumns(o.columns, t, fitName, STAGE);
    const pre = fitPreprocessing(t, rows.fit, cols, o);
    const engine = await createEngine(o.backend);
    const model = new WideDeep(engine, pre, { ...o, seed: ctx.seed });
    const opt = { wide: new nn.Ftrl(o.ftrl), deep: new nn.Adam({ lr: o.lr }) };
    ctx.log(`${fitName}: fitting on ${rows.fit.length} rows, validating on ${rows.valid.length}; ${cols.sparse.length} sparse fields, ${cols.dense.length} dense, ${cols.sequence.length}-long sequence, ${o.useWide ? cols.wide.length : 0} wide features (${engine.description ?? "engine"})`);
    const log = await train(ctx, model, opt, encodeRows(t, rows.fit, pre), encodeRows(t, rows.valid, pre), o);
    const n = names(o);
    if (funnel(o)) {
      const ranked = await ctx.table(o.rank!);
      resolveColumns(o.columns, ranked, o.rank!, STAGE); // the same columns must be there, with the same types
      const all = Int32Array.from({ length: ranked.length }, (_, i) => i);
      const scores = await predict(model, encodeRows(ranked, all, pre));
      ctx.output(n.recs, rankedRecs(ranked, scores, o.k, o.rank));
    } else {
      const p = await predict(model, encodeRows(t, rows.test, pre));
      ctx.output(n.scores, scoresTable(t, rows.test, p));
    }
    ctx.output(n.model, blob((await exportWideDeep(model)).toBytes(), "onnx"));
    ctx.output(n.training, json(log)); // fit recorded the best epoch's valid_auc
  },
});

async function train(ctx: StageContext, model: WideDeep, opt: { wide: nn.Ftrl; deep: nn.Adam }, x: ReturnType<typeof encodeRows>, v: ReturnType<typeof encodeRows>, o: WidedeepOptions) {
  try {
    return await trainWideDeep(ctx, model, opt, x, v, { ...o, seed: ctx.seed, algo: o.output });
  } catch (e) {
    if (e instanceof nn.NonFiniteLossError) throw new UserError(`${STAGE}: ${e.message}`);
    throw e;
  }
}

function scoresTable(t: Table, rows: Int32Array, score: Float32Array): Table {
  const pick = (c: string) => Int32Array.from(rows, (r) => (t.columns[c] as ArrayLike<number>)[r]!);
  return table({ user: pick("user"), item: pick("item"), label: Float32Array.from(rows, (r) => (t.columns.label as ArrayLike<number>)[r]!), score });
}
