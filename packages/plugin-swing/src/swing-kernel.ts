/** Where the stage gets core-gpu's Swing kernels from (one place to change if they move). */
export { swingTopN, referenceSwingTopN, topListsDiffer } from "@shortlist/core-gpu";
