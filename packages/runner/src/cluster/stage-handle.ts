/** Binds the run's coordinator to one stage (StageContext.cluster), and names plugins as workers load them. */
import { isPackageSpec } from "../plugin-path.ts";
import { resolvePluginSpec } from "../loader.ts";
import type { ClusterHandle, Plugin } from "../plugin.ts";
import type { StageProgress } from "../context.ts";
import type { Coordinator } from "./coordinator.ts";

/**
 * @example const cluster = clusterHandle(coordinator, { stage: "recall.itemcf", plugin: "@shortlist/plugin-itemcf", signal, progress })
 */
export function clusterHandle(c: Coordinator, s: { stage: string; plugin: string; signal: AbortSignal; progress: StageProgress }): ClusterHandle {
  return {
    shards: c.shards,
    map: async (task, input, total, o) =>
      (await c.map({ stage: s.stage, plugin: s.plugin, task, input, total, shards: o?.shards, unit: o?.unit, signal: s.signal, progress: (d, t, n) => s.progress.update(d, t, n), log: (m) => s.progress.log(m) })).frame,
  };
}

/**
 * How a worker finds each plugin of the pipeline: a package by its name (resolved where the worker
 * runs, so install the same versions there), a file by its absolute path (on the shared mount).
 * The runner's built-in plugin is "builtin".
 * @example workerSpecs(cfg.plugins, registry.plugins, pipelineDir).get(plugin) // "@shortlist/plugin-itemcf"
 */
export function workerSpecs(declared: readonly { spec: string }[], loaded: readonly Plugin[], pipelineDir: string): Map<Plugin, string> {
  const out = new Map<Plugin, string>();
  // loaded[0] is the built-in plugin, then one per declared spec, in order (pipeline-file.ts)
  for (const [i, p] of declared.entries()) {
    const plugin = loaded[i + 1];
    if (plugin) out.set(plugin, isPackageSpec(p.spec) ? p.spec : resolvePluginSpec(p.spec, pipelineDir));
  }
  return out;
}
