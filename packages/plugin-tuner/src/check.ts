/**
 * Checks a search before any trial runs: every parameter path names a stage and option (the nearest
 * is suggested), every value is one the option's schema accepts, the objective names a stage and a
 * metric it records, and no search trial reads `split.test`. Each failure is a ConfigError at the
 * declaration's line (exit 2).
 */
import { ConfigError, loadPipeline, nearest, parseSetPath, UserError, type LoadOptions, type PlannedStage } from "@shortlist/runner/host";
import type { Parameter, TuneSpec } from "./declaration.ts";
import { candidates } from "./space.ts";
import { readersOfTest } from "./validation-split.ts";

/** The values worth checking against the schema: each listed one, or a range's ends and a point between. */
function probes(p: Parameter): unknown[] {
  if (!p.range) return candidates(p);
  const { min, max, integer } = p.range;
  const mid = (min + max) / 2;
  return [...new Set([min, max, integer ? Math.round(mid) : mid === Math.round(mid) ? mid + 0.5 : mid])].filter((v) => v >= min && v <= max);
}

/**
 * @example await checkSearch("p.yaml", spec, searchSets, {}) // throws ConfigError on bad input
 */
export async function checkSearch(file: string, spec: TuneSpec, searchSets: string[], load: LoadOptions): Promise<PlannedStage[]> {
  const base = await loadPipeline(file, { ...load, sets: [...(load.sets ?? []), ...searchSets] });
  const ids = base.cfg.stages.map((s) => s.id);
  const readers = readersOfTest(base.plan);
  if (readers.length) throw new ConfigError(spec.where, "tune", `stage ${readers.join(", ")} would read split.test during the search`, "selection on split.valid only", `point it at split.valid under tune.search, e.g. stages[${readers[0]}].with.<option>: split.valid`);
  const budget: Parameter[] = spec.budget ? [{ path: spec.budget.path, values: [spec.budget.min, spec.budget.max], where: spec.budget.where }] : [];
  for (const p of [...spec.parameters, ...budget]) {
    const keys = parseSetPath(p.path);
    const id = typeof keys[1] === "string" && keys[1].startsWith("[") ? keys[1].slice(1, -1) : undefined;
    if (keys[0] === "stages" && id !== undefined && !ids.includes(id)) {
      const near = nearest(id, ids);
      throw new ConfigError(p.where, `tune.parameters.${p.path}`, `no stage with id "${id}"`, `one of: ${ids.join(", ")}`, near ? `did you mean stages[${near}]…?` : "use a stage's id (its use: when it has no id:)");
    }
    for (const v of probes(p)) {
      try {
        await loadPipeline(file, { ...load, sets: [...(load.sets ?? []), ...searchSets, `${p.path}=${JSON.stringify(v)}`] });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        const why = e.message.replace(/^--set [^\n]*?: /, "").replace(/^--set \S+: /, "");
        throw new ConfigError(p.where, `tune.parameters.${p.path}`, `value ${JSON.stringify(v)} is refused: ${why}`);
      }
    }
  }
  checkObjective(spec, base.plan);
  return base.plan;
}

/** The objective's stage exists; for eval.recs its metric is one the stage's options make it record. */
function checkObjective(spec: TuneSpec, plan: PlannedStage[]): void {
  const { stage, metric, where } = spec.objective;
  const st = plan.find((s) => s.config.id === stage);
  const ids = plan.map((s) => s.config.id);
  if (!st) throw new ConfigError(where, "tune.objective", `no stage "${stage}" records metrics in this pipeline`, `stageId:metric with one of: ${ids.filter((i) => plan.find((s) => s.config.id === i)?.def.kind === "eval").join(", ")}`, nearest(stage, ids) ? `did you mean "${nearest(stage, ids)}:${metric}"?` : undefined);
  const known = recordedMetrics(st);
  if (known && !known.includes(metric)) throw new ConfigError(where, "tune.objective", `stage ${stage} does not record "${metric}"`, `one of: ${known.join(", ")}`, nearest(metric, known) ? `did you mean "${stage}:${nearest(metric, known)}"?` : undefined);
}

/** The metric names an eval.recs stage records with its options; undefined for stages we cannot tell. */
export function recordedMetrics(st: PlannedStage): string[] | undefined {
  if (st.config.use !== "eval.recs") return undefined;
  const o = st.options as { k: number[]; metrics: string[]; popularityBias: boolean; catalogue: string };
  const names = o.k.flatMap((k) => [...o.metrics, ...(o.popularityBias && o.catalogue ? ["avgpop", "gini", "longtail"] : [])].map((m) => `${m}@${k}`));
  return [...names, "users"];
}
