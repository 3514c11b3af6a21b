/** eval.scores: AUC, logloss and GAUC of a scores table { user, item, label, score }. */
import { z } from "zod";
import { column, type Column, type Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { defineStage } from "../plugin.ts";
import { auc, gauc, logloss } from "../metrics/index.ts";

const SCORE_METRICS = ["auc", "logloss", "gauc"] as const;

const options = z.object({
  scores: z.string().min(1).describe('Scores table to evaluate, e.g. "scores.gbdt" ({ user, item, label 0/1, score })'),
  metrics: z
    .array(z.enum(SCORE_METRICS))
    .min(1)
    .default([...SCORE_METRICS])
    .describe("auc (ties count half), logloss (scores must be probabilities), gauc (per-user AUC weighted by samples)"),
});

export const evalScores = defineStage({
  kind: "eval",
  description: "AUC, logloss and per-user AUC (GAUC) of a scores table",
  options,
  inputs: (o) => [o.scores],
  outputs: [],
  async run(ctx, o) {
    const t = await ctx.table(o.scores);
    const label = numeric(t, "label", o.scores);
    const score = numeric(t, "score", o.scores);
    if (t.length === 0) throw new UserError(`eval.scores: ${o.scores} is empty`);
    for (let i = 0; i < label.length; i++) {
      const y = label[i]!;
      if (y !== 0 && y !== 1) throw new UserError(`eval.scores: ${o.scores}.label[${i}] is ${y}; labels must be 0 or 1`);
    }
    for (const m of o.metrics) {
      if (m === "auc") record(ctx, "auc", auc(label, score), o.scores);
      else if (m === "logloss") {
        try {
          ctx.metrics.record("logloss", logloss(label, score));
        } catch (e) {
          throw new UserError(`eval.scores: ${(e as Error).message} in ${o.scores}; output probabilities (e.g. a sigmoid) or drop logloss from metrics`);
        }
      } else {
        const user = column(t, "user", o.scores);
        if (!(user instanceof Int32Array)) throw new UserError(`${o.scores}.user must hold integer ids for gauc`);
        const g = gauc(user, label, score);
        record(ctx, "gauc", g.gauc, o.scores);
        ctx.metrics.record("gauc_users", g.users);
      }
    }
  },
});

function record(ctx: { metrics: { record(n: string, v: number): void }; log(m: string): void }, name: string, v: number, table: string): void {
  if (Number.isNaN(v)) ctx.log(`${name} is undefined on ${table}: it needs both positive and negative labels; not recorded`);
  else ctx.metrics.record(name, v);
}

function numeric(t: Table, name: string, artifact: string): Exclude<Column, string[]> {
  const c = column(t, name, artifact);
  if (Array.isArray(c)) throw new UserError(`${artifact}.${name} holds strings; expected numbers`);
  return c;
}
