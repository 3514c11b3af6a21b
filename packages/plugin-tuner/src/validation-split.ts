/**
 * What makes a trial choose on the validation split: `--set` overrides for every stage that would
 * otherwise read `split.test`. An option whose value is `split.test` (eval.recs' `truth`, by
 * default) becomes `split.valid`, and `split.valid` leaves any list that names it (`exclude:
 * [split.valid]` in the RecBole protocol, which hides validation items from the test's
 * recommendations) — during the search those items are the answers. The final run on the test
 * split applies none of these.
 */
import type { PlannedStage } from "@shortlist/runner/host";

/**
 * @example searchOverrides(plan) // ["stages[eval.itemcf].with.truth=\"split.valid\"", "stages[recs.itemcf].with.exclude=[]"]
 */
export function searchOverrides(plan: PlannedStage[]): string[] {
  const out: string[] = [];
  for (const st of plan) {
    const options = (st.options ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(options)) {
      const path = `stages[${st.config.id}].with.${key}`;
      if (value === "split.test") out.push(`${path}="split.valid"`);
      else if (Array.isArray(value) && value.includes("split.valid")) out.push(`${path}=${JSON.stringify(value.filter((v) => v !== "split.valid").map((v) => (v === "split.test" ? "split.valid" : v)))}`);
      else if (Array.isArray(value) && value.includes("split.test")) out.push(`${path}=${JSON.stringify(value.map((v) => (v === "split.test" ? "split.valid" : v)))}`);
    }
  }
  return out;
}

/**
 * Stages of a planned search trial that read the test split (there should be none).
 * @example readersOfTest(plan) // ["eval.custom"]
 */
export function readersOfTest(plan: PlannedStage[]): string[] {
  return plan.filter((st) => [...st.inputs.values()].includes("split.test")).map((st) => st.config.id);
}
