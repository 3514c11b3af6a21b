/**
 * `--set path=value` overrides, applied to the YAML document before validation so errors still
 * point somewhere useful. Paths: `seed`, `name`, `stages[2].with.k`, or by stage id/name:
 * `stages[recall.itemcf].with.neighbours`. Values are read as YAML (`50` is a number, `[10,20]` a list).
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";
import { UserError } from "../errors.ts";
import type { SourceDoc } from "./yaml-doc.ts";

export function parseSetPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : `[${m[2]}]`);
  }
  return out;
}

/** Applies `--set` assignments to the document. @example applyOverrides(src, ["stages[recall.itemcf].with.neighbours=50"]) */
export function applyOverrides(src: SourceDoc, sets: string[]): void {
  for (const s of sets) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new UserError(`--set ${s}: expected path=value, e.g. --set stages[recall.itemcf].with.neighbours=50`);
    const path = parseSetPath(s.slice(0, eq));
    const value = parseDocument(s.slice(eq + 1)).toJSON();
    const resolved = path.map((p, i) => {
      if (typeof p === "string" && p.startsWith("[") && i > 0 && path[i - 1] === "stages") {
        const id = p.slice(1, -1);
        const stages = src.doc.get("stages", true);
        const idx = isSeq(stages)
          ? stages.items.findIndex((n) => isMap(n) && (String((n as YAMLMap).get("id") ?? "") === id || ((n as YAMLMap).get("id") == null && (n as YAMLMap).get("use") === id)))
          : -1;
        if (idx < 0) throw new UserError(`--set ${s}: no stage with id "${id}" in ${src.file}`);
        return idx;
      }
      return typeof p === "string" && p.startsWith("[") ? p.slice(1, -1) : p;
    });
    const parent = src.doc.getIn(resolved.slice(0, -1), true);
    if (resolved.length > 1 && parent === undefined) {
      src.doc.setIn(resolved, src.doc.createNode(value));
    } else if (resolved.length > 1 && !isMap(parent) && !isSeq(parent)) {
      throw new UserError(`--set ${s}: ${resolved.slice(0, -1).join(".")} is ${isScalar(parent) ? "a value" : "not a mapping"}, cannot set a key under it`);
    } else src.doc.setIn(resolved, src.doc.createNode(value));
  }
}
