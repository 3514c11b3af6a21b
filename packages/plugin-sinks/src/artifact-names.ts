/**
 * What a sink can tell from an artifact's name alone. Names follow the conventions shared by all
 * plugins: `recs.<algo>`, `i2i.<algo>`, `features.<entity>`, `emb.<algo>.items` / `emb.<algo>.item_ids`.
 * A trailing "?" marks an optional input (written when an earlier stage produced it, skipped otherwise).
 */
import { UserError, type StageContext } from "@shortlist/runner";

export type ArtifactFamily =
  | { kind: "recs"; algo: string }
  | { kind: "i2i"; algo: string }
  | { kind: "features"; entity: string }
  | { kind: "embeddings"; algo: string }
  | { kind: "embedding-ids"; algo: string }
  | { kind: "other" };

/**
 * Classifies an artifact name (without its "?").
 * @example familyOf("i2i.swing") // { kind: "i2i", algo: "swing" }
 */
export function familyOf(name: string): ArtifactFamily {
  const parts = name.split(".");
  const [head, second, third] = parts;
  if (parts.length === 2 && second) {
    if (head === "recs") return { kind: "recs", algo: second };
    if (head === "i2i") return { kind: "i2i", algo: second };
    if (head === "features") return { kind: "features", entity: second };
  }
  if (parts.length === 3 && head === "emb" && second) {
    if (third === "items") return { kind: "embeddings", algo: second };
    if (third === "item_ids") return { kind: "embedding-ids", algo: second };
  }
  return { kind: "other" };
}

/** An entry of a sink's `artifacts` option, split into its name and whether it may be absent. */
export interface ArtifactRef {
  name: string;
  optional: boolean;
}

/** @example parseRef("recs.itemcf?") // { name: "recs.itemcf", optional: true } */
export function parseRef(entry: string): ArtifactRef {
  return entry.endsWith("?") ? { name: entry.slice(0, -1), optional: true } : { name: entry, optional: false };
}

/**
 * The entries of a sink's `artifacts` option it writes: the required ones and the optional ones an
 * earlier stage produced. Finding none is a user error, `verb` saying what the sink does with them.
 * @example presentRefs(ctx, "sink.redis", ["recs.itemcf?"], "publish") // [{ name: "recs.itemcf", optional: true }]
 */
export function presentRefs(ctx: Pick<StageContext, "has">, sink: string, artifacts: readonly string[], verb: string): ArtifactRef[] {
  const present = artifacts.map(parseRef).filter((r) => !r.optional || ctx.has(r.name));
  if (present.length === 0) {
    throw new UserError(`${sink} found none of its artifacts (${artifacts.join(", ")}): list the ones to ${verb} in the artifacts option`);
  }
  return present;
}

/**
 * The artifacts a sink writes by default: what the built-in recall and feature stages produce, each
 * optional, so a pipeline sinks whatever its earlier stages made without listing it.
 */
export const DEFAULT_ARTIFACTS = {
  lists: ["recs.itemcf?", "recs.swing?", "recs.twotower?", "i2i.itemcf?", "i2i.swing?"],
  features: ["features.user?", "features.item?"],
  embeddings: ["emb.twotower.items?", "emb.twotower.item_ids?"],
} as const;
