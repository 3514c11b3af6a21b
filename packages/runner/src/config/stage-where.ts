/**
 * Positions inside one stage of the pipeline file, so that code checking a stage (the planner)
 * can place its errors without knowing the stage came from YAML.
 */
import type { Node, YAMLMap } from "yaml";
import type { Where } from "./config-error.ts";
import { isMap, isScalar, isSeq, whereOf, type SourceDoc } from "./yaml-doc.ts";

/**
 * Where a part of a stage is in the pipeline file, by its path inside the stage's mapping:
 * `where()` is the stage, `where(["use"])` its stage name, `where(["with", "k", 0])` an option's
 * value, and `where(["with", "k"], "key")` the option's key. A part the file does not hold (a
 * default, a missing key) is placed at the nearest enclosing part that it does hold.
 */
export type StageWhere = (path?: readonly PropertyKey[], part?: "key" | "value") => Where;

/** A mapping key's text (keys added by --set may be plain values rather than nodes). */
function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * The `where` of one stage's mapping node.
 * @example
 * const where = stageWhere(src, stageNode);
 * throw new ConfigError(where(["with", "k"]), "stages[2].with.k", "k must be positive");
 */
export function stageWhere(src: SourceDoc, stageNode: YAMLMap): StageWhere {
  return (path = [], part = "value") => {
    let node: unknown = stageNode;
    let last: unknown = stageNode;
    for (const [i, key] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(key));
        if (!pair) break;
        node = pair.value;
        last = part === "key" && i === path.length - 1 ? pair.key : (pair.value ?? pair.key);
      } else if (isSeq(node) && typeof key === "number" && node.items[key] != null) {
        node = node.items[key];
        last = node;
      } else break;
    }
    return whereOf(src, last as Node);
  };
}
