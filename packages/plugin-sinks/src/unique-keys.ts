import { UserError } from "@shortlist/runner";

/**
 * Refuses a key seen twice: sinks write one record per key (a unique index in MongoDB, a primary
 * key in Milvus), and a reader would otherwise get either row.
 * @example checkUniqueKeys(items.columns.item, "items", "item")
 */
export function checkUniqueKeys(keys: ArrayLike<number | string>, artifact: string, column: string): void {
  const seen = new Map<number | string, number>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const first = seen.get(k);
    if (first !== undefined) throw new UserError(`${artifact} has ${column} ${k} twice (rows ${first} and ${i}): one record per ${column} is written, so keys must be unique`);
    seen.set(k, i);
  }
}
