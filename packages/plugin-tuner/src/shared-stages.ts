/**
 * The stages every trial of a batch shares with trial 0 (the pipeline as written): same stage, same
 * options, inputs from shared stages only — data loading and feature stages, other algorithms'
 * stages. Their fingerprints are the same in every trial, so once trial 0 has recorded them the
 * batch can start from the cache while trial 0 goes on with what the search varies: `whenRecorded`
 * watches trial 0's manifest.json (the runner rewrites it after each stage, its outputs already in
 * place) until it holds them.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readManifest, type PlannedStage } from "@shortlist/runner/host";

/**
 * Ids of `base`'s stages that every plan of `plans` holds with the same options, fed only by such
 * stages (sinks left out: they are never cached).
 * @example sharedStages(trial0Plan, batchPlans) // ["data.movielens", "data.features"]
 */
export function sharedStages(base: PlannedStage[], plans: PlannedStage[][]): string[] {
  const producer = new Map<string, string>(); // artifact → the base stage writing it
  for (const st of base) for (const a of st.outputs.values()) producer.set(a, st.config.id);
  const shared = new Set<string>();
  const same = (a: PlannedStage, b: PlannedStage | undefined) =>
    b !== undefined && b.config.use === a.config.use && b.plugin.name === a.plugin.name && b.plugin.version === a.plugin.version && JSON.stringify(b.options) === JSON.stringify(a.options) && JSON.stringify([...b.inputs]) === JSON.stringify([...a.inputs]);
  for (const st of base) {
    if (st.def.kind === "sink") continue;
    if (![...st.inputs.values()].every((a) => shared.has(producer.get(a) ?? ""))) continue;
    if (plans.every((p) => same(st, p.find((s) => s.config.id === st.config.id)))) shared.add(st.config.id);
  }
  return [...shared];
}

/**
 * Resolves when `runDir`'s manifest records every stage of `ids`, or when `until` settles (the run
 * ended, however), checking every `everyMs`.
 * @example await whenRecorded("runs/ml/trials/0", ["data.movielens"], trial0)
 */
export async function whenRecorded(runDir: string, ids: string[], until: Promise<unknown>, everyMs = 20): Promise<void> {
  let ended = false;
  void until.then(() => (ended = true), () => (ended = true));
  const recorded = () => {
    if (!existsSync(join(runDir, "manifest.json"))) return false;
    try {
      const { stages } = readManifest(runDir, "", "");
      return ids.every((id) => stages[id] !== undefined);
    } catch {
      return false; // read while being replaced: look again
    }
  };
  while (ids.length && !ended && !recorded()) await Bun.sleep(everyMs);
}
