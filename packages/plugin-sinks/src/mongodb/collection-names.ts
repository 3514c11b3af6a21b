/**
 * Which collection an artifact goes to, and the temporary names used to replace one atomically.
 * Defaults follow MetaSpore's MovieLens demo: features.user → user, items → item,
 * features.item → item_feature, i2i.<algo> → <algo> (itemcf, swing), emb.<algo>.item_ids →
 * milvus_item_id; recs.<algo> → recs_<algo>; anything else → its name with dots as underscores.
 */
import { UserError } from "@shortlist/runner";
import { familyOf } from "../artifact-names.ts";

/** @example defaultCollection("i2i.swing") // "swing" */
export function defaultCollection(artifact: string): string {
  const f = familyOf(artifact);
  switch (f.kind) {
    case "features": return f.entity === "user" ? "user" : f.entity === "item" ? "item_feature" : `${f.entity}_feature`;
    case "i2i": return f.algo;
    case "recs": return `recs_${f.algo}`;
    case "embedding-ids": return "milvus_item_id";
    default: return artifact === "items" ? "item" : artifact.replaceAll(".", "_");
  }
}

/** The collection for an artifact, after the user's overrides; checks the name is one MongoDB allows. */
export function collectionFor(artifact: string, overrides: Record<string, string>): string {
  const name = overrides[artifact] ?? defaultCollection(artifact);
  if (!name || name.includes("$") || name.includes("\0") || name.startsWith("system.") || name.length > 200) {
    throw new UserError(`sink.mongodb collection name "${name}" for ${artifact} is not allowed (empty, "$", a null byte, "system." or over 200 characters)`);
  }
  return name;
}

const TEMP = "__tmp_";

/** The temporary collection a run writes before renaming it over `name`. @example tempCollection("itemcf", 1700000000000) // "itemcf__tmp_1700000000000" */
export function tempCollection(name: string, now: number): string {
  return `${name}${TEMP}${now}`;
}

/** Whether `candidate` is a temporary collection left for `name` by an earlier run. */
export function isTempOf(name: string, candidate: string): boolean {
  return candidate.startsWith(name + TEMP) && /^\d+$/.test(candidate.slice(name.length + TEMP.length));
}
