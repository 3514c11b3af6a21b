/** The tuner's shard task: one trial, run in a `shortlist worker` as a local trial process runs it. */
import { defineTask } from "@shortlist/runner";
import { runTrial, type TrialRequest } from "./worker.ts";

export const trialTask = defineTask({
  async run(input, _range, env) {
    const reply = await runTrial(input.meta as unknown as TrialRequest, env.signal);
    return { meta: reply as never, arrays: {} };
  },
});
