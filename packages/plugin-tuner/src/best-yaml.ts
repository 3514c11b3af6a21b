/**
 * `best.yaml`: the pipeline file as written — comments, variables, anchors kept — with the chosen
 * values set (and the command's own `--set` values), and without its `tune:` block, so it runs as it
 * is with `shortlist run`. It is written beside the pipeline file (`<name>.best.yaml`) because paths
 * in a pipeline file are relative to its folder.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { applyOverrides, parseYaml, writeFileAtomic } from "@shortlist/runner/host";
import type { Configuration } from "./space.ts";

/** The `--set` assignments of a configuration. @example setsOf({ seed: 7 }) // ["seed=7"] */
export const setsOf = (c: Configuration): string[] => Object.entries(c).map(([path, v]) => `${path}=${JSON.stringify(v)}`);

/** Where best.yaml goes for a pipeline file. @example bestYamlPath("examples/ml.yaml") // "examples/ml.best.yaml" */
export function bestYamlPath(file: string): string {
  return join(dirname(file), `${basename(file).replace(/\.ya?ml$/, "")}.best.yaml`);
}

/**
 * The text of best.yaml.
 * @example bestYamlText("p.yaml", text, ["stages[recall.itemcf].with.neighbours=200"], "tuned on …")
 */
export function bestYamlText(file: string, text: string, sets: string[], note: string): string {
  const src = parseYaml(file, text);
  applyOverrides(src, sets);
  src.doc.delete("tune");
  src.doc.commentBefore = [` ${note}`, ...(src.doc.commentBefore ? [src.doc.commentBefore] : [])].join("\n");
  return src.doc.toString({ lineWidth: 0 });
}

/** Writes best.yaml beside the pipeline file; returns its path. @example await writeBestYaml("examples/ml.yaml", ["seed=7"], "tuned") // "examples/ml.best.yaml" */
export async function writeBestYaml(file: string, sets: string[], note: string): Promise<string> {
  const at = bestYamlPath(file);
  await writeFileAtomic(at, bestYamlText(file, readFileSync(file, "utf8"), sets, note));
  return at;
}
