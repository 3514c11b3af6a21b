/**
 * Input paths checked before anything runs: each stage's `checkPaths` names the files and folders
 * its options point at, and a missing one is a config error at that option's line (exit 2), so a
 * wrong data path fails `validate` rather than the run's first stage. Relative paths start at the
 * pipeline file's folder, not the current one — the usual mistake — so the fix says what the path
 * would be from there when it exists from the current folder.
 */
import { statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { ConfigError } from "./config/config-error.ts";
import type { PlannedStage } from "./plan.ts";
import type { PathProblem } from "./plugin.ts";

function kindOf(path: string): "file" | "folder" | undefined {
  try {
    return statSync(path).isDirectory() ? "folder" : "file";
  } catch {
    return undefined;
  }
}

/**
 * A problem when `given` (relative to `pipelineDir` unless absolute) is not an existing `want`, else
 * undefined. For a stage's `checkPaths`.
 * @example
 * checkPaths: (o, dir) => [checkPath(["path"], o.path, dir, "folder")].filter((p) => p !== undefined)
 */
export function checkPath(option: PathProblem["option"], given: string, pipelineDir: string, want: "file" | "folder"): PathProblem | undefined {
  const path = isAbsolute(given) ? given : resolve(pipelineDir, given);
  const found = kindOf(path);
  if (found === want) return undefined;
  if (found) {
    const fix = want === "folder" ? `give the folder that holds it: "${relative(pipelineDir, resolve(path, ".."))}"` : "give the path of a file inside it";
    return { option, problem: `${path} is a ${found}, not a ${want}`, expected: `a ${want}`, fix };
  }
  const fromHere = resolve(given);
  const problem = `no such ${want}: ${path}${isAbsolute(given) ? "" : ` ("${given}" is relative to the pipeline file's folder, ${pipelineDir})`}`;
  const fix = !isAbsolute(given) && kindOf(fromHere) === want
    ? `from the pipeline file's folder that ${want} is "${relative(pipelineDir, fromHere)}" (or use the absolute path ${fromHere})`
    : "check the path; a relative path starts at the pipeline file's folder";
  return { option, problem, expected: `an existing ${want}`, fix };
}

/** `.interactions.path`, `.files[2]` */
function optionPath(option: PathProblem["option"]): string {
  return option.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
}

/**
 * Throws a ConfigError at the option of the first path a planned stage reports missing.
 * @example checkInputPaths(plan, dirname(pipelineFile))
 */
export function checkInputPaths(plan: readonly PlannedStage[], pipelineDir: string): void {
  for (const st of plan) {
    const [first] = st.def.checkPaths?.(st.options, pipelineDir) ?? [];
    if (!first) continue;
    const path = `stages[${st.config.index}].with${optionPath(first.option)}`;
    throw new ConfigError(st.config.where(["with", ...first.option]), path, `${st.config.use}: ${first.problem}`, first.expected, first.fix);
  }
}
