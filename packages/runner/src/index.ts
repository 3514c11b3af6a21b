export * from "./artifacts.ts";
export * from "./plugin.ts";
export * from "./errors.ts";
