/**
 * `@shortlist/runner/recsys`: helpers recommender stages share for reading interaction tables
 * and writing neighbour lists. They are not part of the plugin contract (that is
 * `@shortlist/runner`), so a plugin that is not a recommender never needs them.
 * @example
 * import { userItemMatrix, neighbourTable } from "@shortlist/runner/recsys";
 * const ui = userItemMatrix(await ctx.table("split.train"), "split.train");
 */
export * from "./ids.ts";
export * from "./neighbour-table.ts";
export * from "./user-items.ts";
export * from "./group-rows.ts";
export * from "./ranked-recs.ts";
export * from "./cut-neighbours.ts";
