/**
 * Training and retrieval helpers shared by recall.simplex and recall.twotower (see README.md here).
 * @example
 * import { rankAll, recsTable, readInteractions } from "../train/index.ts";
 */
export { rankAll, topKMetrics, unitRows, csrRows, type RankAllOptions } from "./full-rank.ts";
export { readInteractions, splitMatrix, unionCsr, relevantCounts, lookup, type Interactions } from "./interactions.ts";
export { recsTable, embeddingTable } from "./tables.ts";
