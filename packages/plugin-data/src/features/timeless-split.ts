/**
 * A time-based split of data without times holds out arbitrary rows: with every timestamp equal
 * (Last.fm's listening counts, a `data.table` read with `timestamp: ""`), `leave-last` holds out
 * each user's highest item id (the tie-breaker) and `time` puts every row in test. Nothing fails,
 * the metrics are just noise (ItemCF on Last.fm leave-last: recall@10 ≈ 0.01), so say so.
 */
import type { FeaturesOptions } from "./options.ts";

/**
 * The warning to log, or undefined when the split does not depend on time or the data has times.
 * @example timelessSplitWarning(new Int32Array(3), "leave-last") // "warning: every interaction has the same timestamp (0)…"
 */
export function timelessSplitWarning(timestamp: Int32Array, split: FeaturesOptions["split"]): string | undefined {
  if (split === "ratio" || timestamp.length === 0) return undefined;
  const first = timestamp[0]!;
  for (let i = 1; i < timestamp.length; i++) if (timestamp[i] !== first) return undefined;
  const what = split === "leave-last" ? "leave-last holds out each user's highest item ids (the tie-breaker), not their latest rows" : "the time cut puts every row in one split";
  return `warning: every interaction has the same timestamp (${first}), so ${what}; for data without times use split: ratio`;
}
