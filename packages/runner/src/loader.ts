/**
 * Plugin loading: from package names (resolved from the pipeline's folder) or relative paths,
 * checked for shape and apiVersion; the built-in plugin always comes first.
 */
import { resolve } from "node:path";
import { API_VERSION, type Plugin, type StageDef } from "./plugin.ts";
import { UserError } from "./errors.ts";
import { builtinPlugin } from "./builtin/index.ts";
import { isPackageSpec } from "./plugin-path.ts";
import pkg from "../package.json" with { type: "json" };

export interface Registry {
  plugins: Plugin[];
  stages: Map<string, { plugin: Plugin; def: StageDef }>;
}

/** Checks that a module's default export is a plugin this runner can drive. */
export function checkPlugin(mod: unknown, spec: string): Plugin {
  const p = (mod as { default?: unknown })?.default ?? mod;
  const ok = p && typeof p === "object" && typeof (p as Plugin).name === "string" && typeof (p as Plugin).version === "string" && typeof (p as Plugin).stages === "object";
  if (!ok) throw new UserError(`${spec} is not a Shortlist plugin: its default export must be made with definePlugin({ name, version, apiVersion, stages })`);
  const plugin = p as Plugin;
  if (plugin.apiVersion !== API_VERSION) {
    throw new UserError(
      `plugin ${plugin.name}@${plugin.version} (${spec}) declares apiVersion ${plugin.apiVersion}, but this runner (@shortlist/runner ${pkg.version}) speaks apiVersion ${API_VERSION}: ` +
        `use a version of the plugin built for apiVersion ${API_VERSION}, or upgrade @shortlist/runner`,
    );
  }
  return plugin;
}

/**
 * Resolves a plugin spec: a path ("./x.ts", "/abs/x.ts", anything not shaped like a package name,
 * such as a `file:` URL) against `baseDir`, a package name through module resolution from `baseDir`.
 * @example resolvePluginSpec("./my-plugin.ts", "/work/pipes") // "/work/pipes/my-plugin.ts"
 */
export function resolvePluginSpec(spec: string, baseDir: string): string {
  if (!isPackageSpec(spec)) return resolve(baseDir, spec);
  try {
    return Bun.resolveSync(spec, baseDir);
  } catch {
    try {
      return Bun.resolveSync(spec, import.meta.dir);
    } catch {
      throw new UserError(`plugin "${spec}" is not installed (looked from ${baseDir}): add it with \`bun add ${spec}\`, or give a relative path like ./my-plugin.ts`);
    }
  }
}

/** Imports one plugin. */
export async function loadPlugin(spec: string, baseDir: string): Promise<Plugin> {
  const path = resolvePluginSpec(spec, baseDir);
  let mod: unknown;
  try {
    mod = await import(path);
  } catch (e) {
    if (!(await Bun.file(path).exists())) throw new UserError(`plugin file ${path} does not exist (from "${spec}")`);
    throw new UserError(`plugin ${spec} failed to load: ${(e as Error).message}`, { cause: e });
  }
  return checkPlugin(mod, spec);
}

/**
 * Builds the stage registry; two plugins registering one stage name is an error naming both.
 * @example const reg = registryOf([builtinPlugin, myPlugin])
 */
export function registryOf(plugins: Plugin[]): Registry {
  const stages: Registry["stages"] = new Map();
  for (const plugin of plugins) {
    for (const [name, def] of Object.entries(plugin.stages)) {
      const prev = stages.get(name);
      if (prev) throw new UserError(`stage "${name}" is registered by two plugins: ${prev.plugin.name}@${prev.plugin.version} and ${plugin.name}@${plugin.version}; remove one of them from plugins:`);
      stages.set(name, { plugin, def });
    }
  }
  return { plugins, stages };
}

/** Loads the built-in plugin plus every listed one. */
export async function loadPlugins(specs: string[], baseDir: string): Promise<Registry> {
  const plugins: Plugin[] = [builtinPlugin];
  for (const spec of specs) plugins.push(await loadPlugin(spec, baseDir));
  return registryOf(plugins);
}
