/** Finds a plugin's shard task in a worker process, loading each plugin module once. */
import { builtinPlugin } from "../builtin/index.ts";
import { loadPlugin } from "../loader.ts";
import { UserError } from "../errors.ts";
import type { Plugin } from "../plugin.ts";
import type { ShardTask } from "./task.ts";

const loaded = new Map<string, Promise<Plugin>>();

/**
 * @example const task = await taskOf("@shortlist/plugin-itemcf", "cooccurrence")
 */
export async function taskOf(spec: string, name: string): Promise<ShardTask> {
  let p = loaded.get(spec);
  if (!p) {
    p = spec === "builtin" ? Promise.resolve(builtinPlugin) : loadPlugin(spec, process.cwd());
    loaded.set(spec, p);
    p.catch(() => loaded.delete(spec));
  }
  const plugin = await p;
  const task = plugin.tasks?.[name];
  if (!task) throw new UserError(`plugin ${plugin.name}@${plugin.version} (${spec}) has no shard task "${name}" (it has: ${Object.keys(plugin.tasks ?? {}).join(", ") || "none"}): run workers with the same plugin versions as the coordinator`);
  return task;
}
