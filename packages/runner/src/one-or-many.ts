/**
 * An option that is a list but is often given as one value: `k: 10` where `k: [10]` is meant.
 * Refusing the single value helped nobody; the schema takes either and always hands a list on.
 * It wraps the value before the list's own schema sees it (rather than a union of the two), so a
 * wrong value still gets the list's precise error (`k[0]: expected int`) and `shortlist plugins`
 * still shows the list's type and default.
 */
import { z } from "zod";

/**
 * `list` (an array schema, with its default if any) that also takes one element as a one-element list.
 * @example oneOrMany(z.array(z.number().int()).default([10, 20])).parse(10) // [10]
 */
export function oneOrMany<T extends z.ZodType<unknown[] | undefined>>(list: T) {
  return z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), list);
}
