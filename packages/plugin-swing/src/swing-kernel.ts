/**
 * Where the stage gets core-gpu's Swing kernels from. core-gpu's package index does not
 * re-export src/swing yet; once it does, this becomes `export { swingTopN } from "@shortlist/core-gpu"`.
 */
export { swingTopN, referenceSwingTopN, topListsDiffer } from "../../core-gpu/src/swing/index.ts";
