/**
 * From a parsed pipeline and the loaded plugins to a checked plan: every stage exists, its options
 * pass its schema (defaults applied), and every input is produced by an earlier stage.
 */
import { z } from "zod";
import type { Plugin, StageDef } from "./plugin.ts";
import { ConfigError, suggestion } from "./config/config-error.ts";
import type { PipelineConfig, StageConfig } from "./config/pipeline.ts";
import type { Registry } from "./loader.ts";

export interface PlannedStage {
  config: StageConfig;
  plugin: Plugin;
  def: StageDef;
  options: unknown;
  /** declared name → artifact name in this run (optional inputs that exist only) */
  inputs: Map<string, string>;
  outputs: Map<string, string>;
}

/**
 * The artifact names a stage declares (a trailing "?" marks an optional input), for its options.
 * @example names(def.inputs, options) // ["split.train", "items?"]
 */
export function names(spec: StageDef["inputs"], options: unknown): readonly string[] {
  return typeof spec === "function" ? spec(options) : spec;
}

function describeType(schema: unknown): string {
  try {
    const js = z.toJSONSchema(schema as z.ZodType, { unrepresentable: "any", io: "input" }) as { type?: string; enum?: unknown[] };
    if (js.enum) return `one of ${js.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    return js.type ?? "a valid value";
  } catch {
    return "a valid value";
  }
}

/**
 * Validates a stage's `with:` against its schema; errors point at the offending value.
 * @example const options = parseOptions(stage, registry.stages.get(stage.use)!.def)
 */
export function parseOptions(stage: StageConfig, def: StageDef): unknown {
  const base = `stages[${stage.index}].with`;
  const schema = def.options as z.ZodType;
  if (schema instanceof z.ZodObject) {
    const known = Object.keys(schema.shape);
    for (const key of Object.keys(stage.with)) {
      if (!known.includes(key)) {
        throw new ConfigError(stage.where(["with", key], "key"), `${base}.${key}`, `unknown option "${key}" of ${stage.use}`,
          known.length ? `one of: ${known.join(", ")}` : "no options", known.length ? suggestion(key, known) : "remove it");
      }
    }
  }
  const r = schema.safeParse(stage.with);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  let sub: unknown = schema;
  for (const p of issue.path) sub = sub instanceof z.ZodObject ? sub.shape[String(p)] : undefined;
  const got = issue.path.reduce<unknown>((v, p) => (v as Record<PropertyKey, unknown>)?.[p as PropertyKey], stage.with);
  throw new ConfigError(stage.where(["with", ...issue.path]), `${base}${path}`, `${issue.message}${got !== undefined ? ` (got ${JSON.stringify(got)})` : ""}`,
    sub ? describeType(sub) : undefined, `see \`shortlist plugins\` for ${stage.use}'s options`);
}

/**
 * Checks the whole pipeline before anything runs. Errors are placed with each stage's `where`,
 * so planning needs the parsed stages only, not the YAML they came from.
 * @example const plan = planPipeline(cfg, registry)
 */
export function planPipeline(cfg: Pick<PipelineConfig, "stages">, registry: Registry): PlannedStage[] {
  const produced = new Map<string, string>(); // artifact → stage id
  const plan: PlannedStage[] = [];
  for (const stage of cfg.stages) {
    const entry = registry.stages.get(stage.use);
    const useWhere = stage.where(["use"]);
    if (!entry) {
      const known = [...registry.stages.keys()];
      throw new ConfigError(useWhere, `stages[${stage.index}].use`, `unknown stage "${stage.use}"`,
        `a stage of a loaded plugin (${registry.plugins.map((p) => p.name).join(", ")})`, `${suggestion(stage.use, known)} Add the plugin providing it to plugins:, or run \`shortlist plugins\``);
    }
    const options = parseOptions(stage, entry.def);
    const inputs = new Map<string, string>();
    for (const raw of names(entry.def.inputs, options)) {
      const optional = raw.endsWith("?");
      const declared = optional ? raw.slice(0, -1) : raw;
      const actual = stage.inputs[declared] ?? declared;
      if (produced.has(actual)) inputs.set(declared, actual);
      else if (!optional) {
        const later = cfg.stages.find((s) => s.index > stage.index && registry.stages.get(s.use) && names(registry.stages.get(s.use)!.def.outputs, {}).includes?.(actual));
        throw new ConfigError(useWhere, `stages[${stage.index}].inputs.${declared}`,
          `input "${actual}" of ${stage.use} is produced by no earlier stage`,
          `an earlier stage whose outputs include "${actual}" (produced so far: ${[...produced.keys()].join(", ") || "nothing"})`,
          later ? `move stage ${later.id} before ${stage.id}` : `add a stage producing it before ${stage.id}, or map it: \`inputs: { ${declared}: <artifact> }\``);
      }
    }
    for (const key of Object.keys(stage.inputs)) {
      if (!names(entry.def.inputs, options).some((n) => n.replace(/\?$/, "") === key)) {
        throw new ConfigError(stage.where(["inputs", key], "key"), `stages[${stage.index}].inputs.${key}`, `${stage.use} has no input "${key}"`, `one of: ${names(entry.def.inputs, options).join(", ")}`, "remove or rename the mapping");
      }
    }
    const outputs = new Map<string, string>();
    for (const declared of names(entry.def.outputs, options)) {
      const actual = stage.outputs[declared] ?? declared;
      outputs.set(declared, actual);
      produced.set(actual, stage.id);
    }
    plan.push({ config: stage, plugin: entry.plugin, def: entry.def, options, inputs, outputs });
  }
  return plan;
}
