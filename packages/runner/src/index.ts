export * from "./artifacts.ts";
export * from "./plugin.ts";
export * from "./errors.ts";
export * from "./ids.ts";
export * from "./neighbour-table.ts";
export { writeAtomically, writeFileAtomic } from "./store/atomic.ts";
export * from "./user-items.ts";
export * from "./group-rows.ts";
