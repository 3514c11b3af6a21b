/**
 * Where things live in Redis. Every run writes into its own versioned namespace
 * `{prefix}v{N}:` and then points `{prefix}current` at N, so the keys a reader sees are
 * `{prefix}v{N}:USER:42`, `{prefix}v{N}:I2I:itemcf:7`, `{prefix}v{N}:FEATURES:user:42`.
 * Bookkeeping keys beside them: `{prefix}seq` (last version handed out) and `{prefix}versions`
 * (a set of versions that may still hold keys, so a crashed run's leftovers are found and removed).
 */
import { UserError } from "@shortlist/runner";

const utf8 = new TextEncoder();

export const pointerKey = (prefix: string) => `${prefix}current`;
export const seqKey = (prefix: string) => `${prefix}seq`;
export const versionsKey = (prefix: string) => `${prefix}versions`;

/** @example namespaceOf("shortlist:", 7) // "shortlist:v7:" */
export function namespaceOf(prefix: string, version: number): string {
  return `${prefix}v${version}:`;
}

/** Escapes glob characters so a prefix matches itself literally in SCAN MATCH. @example globEscape("a*b") // "a\\*b" */
export function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** A key template split around its `{id}`: key = namespace + head + id + tail. */
export interface KeyPattern {
  head: Uint8Array;
  tail: Uint8Array;
  /** The expanded template, for logs: `USER:{id}`. */
  text: string;
}

/**
 * Expands a key template's variables (`{algo}`, `{table}`) and splits it at `{id}`.
 * @example keyPattern("userKey", "USER:{id}", {}) // head "USER:", tail ""
 */
export function keyPattern(option: string, template: string, vars: Record<string, string>): KeyPattern {
  const expanded = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (name === "id") return whole;
    const v = vars[name];
    if (v === undefined) {
      const known = ["{id}", ...Object.keys(vars).map((k) => `{${k}}`)].join(", ");
      throw new UserError(`sink.redis option ${option}: "${template}" uses {${name}}, which this key does not have (it has ${known})`);
    }
    return v;
  });
  const parts = expanded.split("{id}");
  if (parts.length !== 2) {
    throw new UserError(`sink.redis option ${option}: "${template}" must contain {id} exactly once, e.g. "USER:{id}"`);
  }
  return { head: utf8.encode(parts[0]), tail: utf8.encode(parts[1]), text: expanded };
}
