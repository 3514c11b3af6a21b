/** Reads a pipeline file, applies --set overrides, loads its plugins and checks the plan and its input paths. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "./config/config-error.ts";
import { applyOverrides } from "./config/overrides.ts";
import { parsePipeline, type PipelineConfig } from "./config/pipeline.ts";
import { whereOf } from "./config/yaml-doc.ts";
import { UserError } from "./errors.ts";
import { loadPlugin, registryOf, type Registry } from "./loader.ts";
import { checkPluginPath, PluginPathRefused } from "./plugin-path.ts";
import { environmentError } from "./environment-error.ts";
import { planPipeline, type PlannedStage } from "./plan.ts";
import { checkInputPaths } from "./input-paths.ts";
import { builtinPlugin } from "./builtin/index.ts";
import type { Plugin } from "./plugin.ts";

export interface LoadedPipeline {
  cfg: PipelineConfig;
  registry: Registry;
  plan: PlannedStage[];
  pipelineDir: string;
}

/** The pipeline file's text; a folder or an unreadable file is a user error naming the path. */
function readPipelineText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw environmentError(e, "read the pipeline file", path, { EISDIR: "give the path of a pipeline file (.yaml), not of a folder", EACCES: "make the file readable for this user" }) ?? e;
  }
}

export interface LoadOptions {
  sets?: string[];
  env?: Record<string, string | undefined>;
  /** Folders besides the pipeline file's own that its `plugins:` may load files from (--allow-plugin-path). */
  allowPluginPaths?: string[];
}

/** @example const { plan } = await loadPipeline("examples/movielens.yaml") */
export async function loadPipeline(file: string, opts: LoadOptions = {}): Promise<LoadedPipeline> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UserError(`pipeline file ${file} does not exist`);
  const text = readPipelineText(path);
  const cfg = parsePipeline(file, text, opts.env ?? process.env, (src) => applyOverrides(src, opts.sets ?? []));
  const pipelineDir = dirname(path);
  const plugins: Plugin[] = [builtinPlugin];
  for (const p of cfg.plugins) {
    try {
      checkPluginPath(p.spec, pipelineDir, opts.allowPluginPaths ?? []);
      plugins.push(await loadPlugin(p.spec, pipelineDir));
    } catch (e) {
      if (e instanceof PluginPathRefused) throw new ConfigError(whereOf(cfg.src, p.node), `plugins[${cfg.plugins.indexOf(p)}]`, e.message, e.expected, e.fix);
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
  const plan = planPipeline(cfg, registry);
  checkInputPaths(plan, pipelineDir);
  return { cfg, registry, plan, pipelineDir };
}
