export type * from "./types.ts";
import type { Backend, BackendChoice } from "./types.ts";

/** Placeholder until the backends land: the cpu and webgpu backends replace this. */
export async function createBackend(_choice: BackendChoice = "auto"): Promise<Backend> {
  throw new Error("core-gpu backends are not built yet");
}
