/**
 * Which `--set` flag put a node into the pipeline document. Nodes made by an override have no
 * position in the file, so an error about one must name the flag instead of pointing at `file:1:1`.
 */
import { isMap, isNode, isScalar, isSeq, Scalar } from "yaml";
import type { SourceDoc } from "./yaml-doc.ts";

/** Per document: node → the flag (`stages[2].with.k=abc`) that created it. */
const origins = new WeakMap<SourceDoc, WeakMap<object, string>>();

/**
 * The flag that created `node`, if an override did (parsed nodes have a range and never match).
 * @example setOrigin(src, seedNode) // "seed=abc"
 */
export function setOrigin(src: SourceDoc, node: unknown): string | undefined {
  if (!node || typeof node !== "object" || (isNode(node) && node.range)) return undefined;
  return origins.get(src)?.get(node);
}

/**
 * Records the nodes an override just wrote along `path` (created parents, the key, the whole value)
 * as coming from `flag`. Plain-string keys become Scalars so an unknown-key error has a node to name.
 * @example markSet(src, ["stages", 2, "with", "k"], "stages[2].with.k=abc")
 */
export function markSet(src: SourceDoc, path: readonly (string | number)[], flag: string): void {
  let seen = origins.get(src);
  if (!seen) origins.set(src, (seen = new WeakMap()));
  const mark = (n: unknown) => {
    if (n && typeof n === "object" && !(isNode(n) && n.range) && !seen.has(n)) seen.set(n, flag);
  };
  let node: unknown = src.doc.contents;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) return;
      if (!isNode(pair.key)) pair.key = new Scalar(pair.key);
      if (last) markTree(pair.key, seen, flag);
      else mark(pair.key);
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") node = node.items[key];
    else return;
    if (last) markTree(node, seen, flag);
    else mark(node);
  }
}

/** The value an override wrote is new in every part: each node in it is the flag's. */
function markTree(n: unknown, seen: WeakMap<object, string>, flag: string): void {
  if (!n || typeof n !== "object") return;
  seen.set(n, flag);
  if (isMap(n)) for (const p of n.items) markTree(p.key, seen, flag), markTree(p.value, seen, flag);
  else if (isSeq(n)) for (const item of n.items) markTree(item, seen, flag);
}
