/**
 * The `tune:` block of a pipeline file, read with every part's position kept so that any error
 * names file:line:col of the declaration.
 *
 *   tune:
 *     objective: eval.itemcf:ndcg@10        # stageId:metric
 *     direction: maximise                   # maximise (default) | minimise
 *     strategy: grid                        # grid (default) | random | halving
 *     budget: { path: stages[x].with.epochs, min: 1, max: 27 }   # halving: the option it raises
 *     eta: 3                                # halving: keep 1/eta of the trials per rung (default 3)
 *     trials: 20                            # random: how many configurations to draw
 *     seed: 1                               # random: sampling seed (default: the pipeline's seed)
 *     parallel: 2                           # worker processes (default: the core count)
 *     parameters:                           # --set paths → a list, or a numeric range
 *       stages[recall.itemcf].with.neighbours: [50, 100, 200, 500]
 *       stages[recall.itemcf].with.activityExponent: { min: 0.5, max: 3, steps: 6 }
 *       stages[recall.itemcf].with.shrink: { min: 1, max: 1000, scale: log, steps: 4, integer: true }
 *     search:                               # extra --set overrides for the search only
 *       stages[recs.itemcf].with.k: 50
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import { ConfigError, whereOf, type SourceDoc, type Where } from "@shortlist/runner/host";

export interface Range {
  min: number;
  max: number;
  scale: "linear" | "log";
  /** Grid points (required by grid). */
  steps?: number;
  integer: boolean;
}

export interface Parameter {
  /** A `--set` path: `stages[recall.itemcf].with.neighbours`. */
  path: string;
  values?: unknown[];
  range?: Range;
  where: Where;
}

export interface TuneSpec {
  objective: { stage: string; metric: string; where: Where };
  direction: "maximise" | "minimise";
  strategy: "grid" | "random" | "halving";
  /** halving: the option that is the budget, raised eta-fold per rung from min to max. */
  budget?: { path: string; min: number; max: number; where: Where };
  eta: number;
  trials?: number;
  seed?: number;
  parallel?: number;
  parameters: Parameter[];
  /** `path=value` overrides applied to every search trial (not to the final test run). */
  search: string[];
  where: Where;
}

const KEYS = ["objective", "direction", "strategy", "trials", "seed", "parallel", "parameters", "search", "budget", "eta"];

/**
 * Reads the `tune:` block; undefined when the file has none.
 * @example const spec = readTuneBlock(parseYaml("p.yaml", text))
 */
export function readTuneBlock(src: SourceDoc): TuneSpec | undefined {
  const root = src.doc.contents;
  const node = isMap(root) ? root.get("tune", true) : undefined;
  if (node === undefined) return undefined;
  const at = (n: unknown) => whereOf(src, (n as Node) ?? node);
  const fail = (n: unknown, path: string, problem: string, expected?: string, fix?: string): never => {
    throw new ConfigError(at(n), `tune${path ? "." + path : ""}`, problem, expected, fix);
  };
  if (!isMap(node)) return fail(node, "", "tune must be a mapping", "objective, parameters, strategy, …", "see @shortlist/plugin-tuner's README");
  for (const pair of node.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!KEYS.includes(k)) fail(pair.key, k, `unknown key "${k}" in tune`, `one of: ${KEYS.join(", ")}`);
  }
  const scalar = (k: string) => {
    const n = node.get(k, true);
    return { n, v: isScalar(n) ? n.value : n === undefined ? undefined : fail(n, k, `${k} must be a single value`) };
  };
  const obj = scalar("objective");
  const m = typeof obj.v === "string" ? /^([^:]+):(.+)$/.exec(obj.v) : null;
  if (!m) fail(obj.n, "objective", "missing or malformed objective", "stageId:metric, e.g. eval.itemcf:ndcg@10", "add `objective: eval.itemcf:ndcg@10` under tune:");
  const dir = scalar("direction").v ?? "maximise";
  const direction = ({ maximise: "maximise", maximize: "maximise", max: "maximise", minimise: "minimise", minimize: "minimise", min: "minimise" } as const)[String(dir) as "max"];
  if (!direction) fail(node.get("direction", true), "direction", `unknown direction ${JSON.stringify(dir)}`, "maximise or minimise");
  const strategy = scalar("strategy").v ?? "grid";
  if (strategy !== "grid" && strategy !== "random" && strategy !== "halving") fail(node.get("strategy", true), "strategy", `unknown strategy ${JSON.stringify(strategy)}`, "grid, random or halving");
  const int = (k: string, min: number) => {
    const { n, v } = scalar(k);
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min)) fail(n, k, `${k} must be an integer ≥ ${min}`);
    return v as number | undefined;
  };
  const trials = int("trials", 0);
  if (strategy === "random" && trials === undefined) fail(node, "trials", "strategy random needs a trial count", "trials: N", "add `trials: 20` under tune:");
  if (trials === 0) fail(node.get("trials", true), "trials", "the search space is empty: trials is 0", "trials ≥ 1");
  const eta = int("eta", 2) ?? 3;
  const budget = strategy === "halving" ? readBudget(node.get("budget", true) ?? node, at, fail) : undefined;
  const params = node.get("parameters", true);
  if (!isMap(params) || params.items.length === 0) fail(params ?? node, "parameters", "the search space is empty: no parameters", "a mapping of --set paths to lists or ranges", "add `parameters: { stages[recall.itemcf].with.neighbours: [50, 100, 200] }`");
  return {
    objective: { stage: m![1]!, metric: m![2]!, where: at(obj.n) },
    direction: direction!,
    strategy: strategy as TuneSpec["strategy"],
    trials,
    budget,
    eta,
    seed: int("seed", 0),
    parallel: int("parallel", 1),
    parameters: (params as unknown as YAMLMap).items.map((pair) => readParameter(pair.key as Node, pair.value as Node, at, fail)),
    search: readSearch(node.get("search", true), fail),
    where: at(node),
  };
}

type Fail = (n: unknown, path: string, problem: string, expected?: string, fix?: string) => never;

function readParameter(key: Node, value: Node, at: (n: unknown) => Where, fail: Fail): Parameter {
  const path = String(isScalar(key) ? key.value : key);
  const p = `parameters.${path}`;
  if (isSeq(value)) {
    if (value.items.length === 0) fail(value, p, "the search space is empty: an empty list of values", "at least one value");
    return { path, values: value.toJSON() as unknown[], where: at(key) };
  }
  if (!isMap(value)) return fail(value ?? key, p, "expected a list of values or a numeric range", "[50, 100, 200] or { min: 1, max: 100, scale: log, steps: 5 }");
  const r = value.toJSON() as Record<string, unknown>;
  const extra = Object.keys(r).find((k) => !["min", "max", "scale", "steps", "integer"].includes(k));
  if (extra) fail(value, `${p}.${extra}`, `unknown key "${extra}" in a range`, "min, max, scale, steps, integer");
  const { min, max, scale = "linear", steps, integer = false } = r as { min: unknown; max: unknown; scale?: unknown; steps?: unknown; integer?: unknown };
  if (typeof min !== "number" || typeof max !== "number" || !(min <= max)) fail(value, p, "a range needs numbers min ≤ max", "{ min: 1, max: 100 }");
  if (scale !== "linear" && scale !== "log") fail(value, `${p}.scale`, `unknown scale ${JSON.stringify(scale)}`, "linear or log");
  if (scale === "log" && (min as number) <= 0) fail(value, `${p}.min`, "a log range needs min > 0");
  if (steps !== undefined && (typeof steps !== "number" || !Number.isInteger(steps) || steps < 1)) fail(value, `${p}.steps`, "the search space is empty: steps must be an integer ≥ 1");
  if (typeof integer !== "boolean") fail(value, `${p}.integer`, "integer must be true or false");
  return { path, range: { min: min as number, max: max as number, scale: scale as Range["scale"], steps: steps as number | undefined, integer: integer as boolean }, where: at(key) };
}

function readSearch(node: unknown, fail: Fail): string[] {
  if (node === undefined) return [];
  if (!isMap(node)) return fail(node, "search", "search must be a mapping of --set paths to values", "{ stages[recs.itemcf].with.k: 50 }");
  return node.items.map((pair) => `${isScalar(pair.key) ? pair.key.value : pair.key}=${JSON.stringify((pair.value as Node | null)?.toJSON?.() ?? null)}`);
}

function readBudget(node: unknown, at: (n: unknown) => Where, fail: Fail): TuneSpec["budget"] {
  const expected = "budget: { path: stages[<id>].with.<option>, min: 1, max: 27 }";
  if (!isMap(node) || !(node as YAMLMap).has("path")) return fail(node, "budget", "strategy halving needs a budget: the option it raises rung by rung (epochs, boosting rounds)", expected);
  const { path, min, max } = (node as YAMLMap).toJSON() as { path: unknown; min: unknown; max: unknown };
  if (typeof path !== "string" || typeof min !== "number" || typeof max !== "number" || !(min > 0 && min < max)) fail(node, "budget", "a budget needs a path and numbers 0 < min < max", expected);
  return { path: path as string, min: min as number, max: max as number, where: at(node) };
}
