/**
 * Whether a stage's last result can be reused instead of running it: same fingerprint (plugin,
 * version, options, seed, input hashes), outputs on disk with the recorded sha256, and for a sink,
 * a destination it can show still holds what it published (`verifyPublished`). A sink without that
 * hook always reruns: its output lives outside the run directory, where the runner cannot see it go.
 */
import type { StageContext } from "./plugin.ts";
import type { PlannedStage } from "./plan.ts";
import type { StageRecord } from "./store/manifest.ts";
import { outputsChanged } from "./store/verify-outputs.ts";

/** `notable` marks a reason worth a log line (a changed file, a sink), not the routine ones. */
export type Reuse = { reuse: true } | { reuse: false; reason: string; notable: boolean };

export interface ReuseCheck {
  stage: PlannedStage;
  prev: StageRecord | undefined;
  fingerprint: string;
  runDir: string;
  /** Builds the context a sink's verifyPublished receives. */
  context(): StageContext;
}

/**
 * @example const r = await checkReuse({ stage, prev: manifest.stages[id], fingerprint: fp, runDir, context });
 * if (!r.reuse) log(r.reason);
 */
export async function checkReuse(c: ReuseCheck): Promise<Reuse> {
  const { stage, prev } = c;
  if (!prev) return { reuse: false, reason: "it has not finished in this run directory", notable: false };
  if (prev.fingerprint !== c.fingerprint) return { reuse: false, reason: "its options, inputs or plugin version changed since it ran", notable: false };
  const changed = await outputsChanged(c.runDir, prev);
  if (changed) return { reuse: false, reason: changed, notable: true };
  if (stage.def.kind !== "sink") return { reuse: true };
  if (!stage.def.verifyPublished) return { reuse: false, reason: "a sink writes outside the run directory and this one cannot check it is still there, so it runs every time", notable: true };
  try {
    const ok = await stage.def.verifyPublished(c.context(), stage.options, prev.published);
    return ok === true ? { reuse: true } : { reuse: false, reason: ok, notable: true };
  } catch (e) {
    return { reuse: false, reason: `could not check what it published (${e instanceof Error ? e.message : String(e)})`, notable: true };
  }
}
