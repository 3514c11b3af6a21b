/**
 * Which plugin files a pipeline file may load. Importing a plugin runs its code, so a pipeline file
 * from somewhere else could otherwise run any file on the machine: plugin files must sit in the
 * pipeline file's own folder (or below it, after resolving symlinks and `..`) or in a folder the
 * user allowed with `--allow-plugin-path`. Package names stay allowed: what is installed is trusted.
 * The check comes before the import, so a refused plugin's top-level code never runs.
 */
import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "./errors.ts";

// npm's name rules, loosely: `name` or `@scope/name`, then an optional subpath; no `.`/`..` segment
// (so `pkg/../../x` is a path, not a package) and no URL scheme (`file:` has a colon).
const PACKAGE_SPEC = /^(@[a-z0-9~-][\w.~-]*\/)?[a-z0-9~-][\w.~-]*(\/(?!\.\.?(\/|$))[\w.~-]+)*$/i;

/**
 * True for a package specifier (`@shortlist/plugin-data`, `shortlist-plugin-x/sub`), false for a path.
 * @example isPackageSpec("@shortlist/plugin-data") // true; isPackageSpec("./my-plugin.ts") // false
 */
export function isPackageSpec(spec: string): boolean {
  return PACKAGE_SPEC.test(spec);
}

/** The real path of `path`; for one that does not exist, its deepest existing folder's real path plus the rest. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel));
}

/** A plugin file the pipeline file may not load: says which folders it may load from and how to allow more. */
export class PluginPathRefused extends UserError {
  override name = "PluginPathRefused";
  constructor(
    readonly pluginFile: string,
    readonly pipelineDir: string,
  ) {
    super(`plugin file ${pluginFile} is outside the pipeline's folder ${pipelineDir}, and a pipeline file may only load plugin files from its own folder`);
  }
  readonly expected = "a package name (@shortlist/plugin-*, shortlist-plugin-*, any installed package) or a path inside the pipeline's folder";
  get fix(): string {
    return `if you trust it, allow its folder: add \`--allow-plugin-path ${dirname(this.pluginFile)}\` to the command (or move the plugin next to the pipeline file)`;
  }
}

/**
 * Throws PluginPathRefused when `spec` (from a pipeline file in `pipelineDir`) is a path whose real
 * location is outside `pipelineDir` and every allowed folder.
 * @example checkPluginPath("../elsewhere/p.ts", "/work/pipes", []) // throws
 */
export function checkPluginPath(spec: string, pipelineDir: string, allowed: readonly string[]): void {
  if (isPackageSpec(spec)) return;
  const file = realPath(resolve(pipelineDir, spec));
  const dirs = [pipelineDir, ...allowed].map((d) => realPath(resolve(d)));
  if (!dirs.some((d) => isInside(file, d))) throw new PluginPathRefused(file, dirs[0]!);
}
