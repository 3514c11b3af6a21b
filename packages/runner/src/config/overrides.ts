/**
 * `--set path=value` overrides, applied to the YAML document before validation so every check
 * runs on them; an error about a value a flag wrote names the flag (set-origin.ts). Paths: `seed`, `name`, `stages[2].with.k`, or by stage id/name:
 * `stages[recall.itemcf].with.neighbours`. Values are read as YAML (`50` is a number, `[10,20]` a list).
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";
import { UserError } from "../errors.ts";
import { markSet } from "./set-origin.ts";
import type { SourceDoc } from "./yaml-doc.ts";

/**
 * Splits a `--set` path into keys and indexes; `[id]` (a stage id) stays bracketed for lookup.
 * @example parseSetPath("stages[2].with.k") // ["stages", 2, "with", "k"]
 */
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
    const parsed = parseDocument(s.slice(eq + 1));
    if (parsed.errors.length > 0) {
      const why = parsed.errors[0]!.message.split("\n")[0];
      throw new UserError(`--set ${s}: the value is not valid YAML (${why}); quote it to set a text: --set '${s.slice(0, eq)}="…"'`);
    }
    const value = parsed.toJSON();
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
    checkIndexes(src, resolved, s);
    const parent = src.doc.getIn(resolved.slice(0, -1), true);
    if (resolved.length > 1 && parent === undefined) {
      src.doc.setIn(resolved, src.doc.createNode(value));
    } else if (resolved.length > 1 && !isMap(parent) && !isSeq(parent)) {
      throw new UserError(`--set ${s}: ${resolved.slice(0, -1).join(".")} is ${isScalar(parent) ? "a value" : "not a mapping"}, cannot set a key under it`);
    } else src.doc.setIn(resolved, src.doc.createNode(value));
    markSet(src, resolved, s);
  }
}

/** An index past a list's end would leave holes (`stages[9]` of 3 stages): refuse it, naming the range. */
function checkIndexes(src: SourceDoc, path: (string | number)[], flag: string): void {
  path.forEach((key, i) => {
    if (typeof key !== "number") return;
    const list = src.doc.getIn(path.slice(0, i), true);
    if (!isSeq(list) || key < list.items.length) return;
    const name = path.slice(0, i).map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "");
    const n = list.items.length;
    const range = n === 0 ? "" : ` (${name}[0] to ${name}[${n - 1}])`;
    throw new UserError(`--set ${flag}: ${name} has ${n} item${n === 1 ? "" : "s"}${range}; there is no ${name}[${key}]`);
  });
}
