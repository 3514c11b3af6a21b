/** Reads a pipeline file, applies --set overrides, loads its plugins and checks the plan. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "./config/config-error.ts";
import { applyOverrides } from "./config/overrides.ts";
import { parsePipeline, type PipelineConfig } from "./config/pipeline.ts";
import { whereOf } from "./config/yaml-doc.ts";
import { UserError } from "./errors.ts";
import { loadPlugin, registryOf, type Registry } from "./loader.ts";
import { planPipeline, type PlannedStage } from "./plan.ts";
import { builtinPlugin } from "./builtin/index.ts";
import type { Plugin } from "./plugin.ts";

export interface LoadedPipeline {
  cfg: PipelineConfig;
  registry: Registry;
  plan: PlannedStage[];
  pipelineDir: string;
}

/** @example const { plan } = await loadPipeline("examples/movielens.yaml") */
export async function loadPipeline(file: string, opts: { sets?: string[]; env?: Record<string, string | undefined> } = {}): Promise<LoadedPipeline> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UserError(`pipeline file ${file} does not exist`);
  const text = readFileSync(path, "utf8");
  const cfg = parsePipeline(file, text, opts.env ?? process.env, (src) => applyOverrides(src, opts.sets ?? []));
  const pipelineDir = dirname(path);
  const plugins: Plugin[] = [builtinPlugin];
  for (const p of cfg.plugins) {
    try {
      plugins.push(await loadPlugin(p.spec, pipelineDir));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      throw new ConfigError(whereOf(cfg.src, p.node), `plugins[${cfg.plugins.indexOf(p)}]`, e.message, "an installed plugin package or a path to a plugin module", "check the name, or install it");
    }
  }
  let registry: Registry;
  try {
    registry = registryOf(plugins);
  } catch (e) {
    throw new ConfigError(whereOf(cfg.src, cfg.plugins[0]?.node), "plugins", (e as Error).message, "each stage name registered once", "drop one of the two plugins");
  }
  return { cfg, registry, plan: planPipeline(cfg, registry), pipelineDir };
}
