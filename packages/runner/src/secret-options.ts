/**
 * Secrets stay out of the files a run writes. An option is secret when its schema is wrapped in
 * `secret()`; its value is recorded as "***" (a URL keeps its scheme, host and path). Any other
 * string that holds a URL with a user or password (`redis://:pw@host`) loses that part too. The
 * cache fingerprint is computed from the options as given, so it does not change: only the copy
 * written to disk is redacted.
 */
import { z } from "zod";

const SECRET = new WeakSet<object>();
export const REDACTED = "***";

/**
 * Marks an option as secret. Wrap the finished schema (after `.default()` / `.describe()`, which
 * make new schemas).
 * @example
 * const options = z.object({ password: secret(z.string().describe("the server's password")) });
 */
export function secret<S extends z.ZodType>(schema: S): S {
  SECRET.add(schema);
  return schema;
}

/** True when `schema`, or the schema an optional / default / nullable wraps, was marked `secret()`. */
export function isSecret(schema: unknown): boolean {
  for (let s = schema as { _zod?: { def?: { innerType?: unknown } } } | undefined; s && typeof s === "object"; s = s._zod?.def?.innerType as typeof s) {
    if (SECRET.has(s)) return true;
  }
  return false;
}

const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

/**
 * Replaces the user and password of every URL inside a string.
 * @example redactUrls("redis://:pw@db:6379/0") // "redis://***@db:6379/0"
 */
export function redactUrls(text: string): string {
  return text.replace(URL_USERINFO, `$1${REDACTED}@`);
}

function redactSecret(value: unknown): unknown {
  if (typeof value === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    // A connection string's host and database are worth keeping; its userinfo and query (which may
    // carry a password or token) are not.
    return redactUrls(value).replace(/\?.*$/, `?${REDACTED}`);
  }
  return value === undefined ? undefined : REDACTED;
}

/** Deep copy of `value` with every URL's userinfo redacted. @example redactDeep({ url: "redis://:pw@h" }) */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redactUrls(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}

/**
 * The options as they may be written to a file: secret options (by the stage's schema) redacted,
 * nested objects followed, and URL userinfo removed everywhere.
 * @example redactOptions(redisOptions, { url: "redis://:pw@db/0", prefix: "app:" }) // { url: "redis://***@db/0", prefix: "app:" }
 */
export function redactOptions(schema: unknown, options: unknown): unknown {
  if (!(schema instanceof z.ZodObject) || !options || typeof options !== "object" || Array.isArray(options)) return redactDeep(options);
  const shape = schema.shape as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    let field: unknown = shape[k];
    if (isSecret(field)) out[k] = redactSecret(v);
    else {
      while (field && !(field instanceof z.ZodObject) && (field as { _zod?: { def?: { innerType?: unknown } } })._zod?.def?.innerType) field = (field as { _zod: { def: { innerType: unknown } } })._zod.def.innerType;
      out[k] = redactOptions(field, v);
    }
  }
  return out;
}
