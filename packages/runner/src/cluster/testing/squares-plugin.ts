/**
 * A plugin for the cluster's tests: `fixture.squares` squares n seeded values, through
 * `ctx.cluster.map("square", …)` when the run has workers and in process otherwise. Options make
 * a shard slow (to kill a worker mid-job), fail once per worker process (a retried internal
 * error; only on workers), fail as the user's fault (never retried), or hold a worker's event loop
 * past its lock (the job stalls and completes twice).
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { API_VERSION, defineStage, definePlugin } from "../../plugin.ts";
import { UserError } from "../../errors.ts";
import type { Frame } from "../frame.ts";
import { defineTask, type ShardRange } from "../task.ts";

let failedOnce = false;

const square = defineTask({
  async run(input: Frame, r: ShardRange, env) {
    const m = input.meta as { slowMs: number; failOnceAt: number; userErrorAt: number; blockMs?: number; blockMarker?: string; outcomes?: string };
    // how each shard ended, for tests that must tell a cancelled shard from one that ran out
    const outcome = (how: "started" | "done" | "aborted") => m.outcomes && writeFileSync(join(m.outcomes, `${r.index}.${how}`), "");
    if (m.blockMs && m.blockMarker && r.index === 0 && !existsSync(m.blockMarker)) {
      // the first taker of shard 0 (in any process) holds its event loop: the job's lock is not
      // renewed, another worker takes the job as stalled, and both complete it
      writeFileSync(m.blockMarker, "");
      const until = Date.now() + m.blockMs;
      while (Date.now() < until);
    }
    if (m.userErrorAt >= r.from && m.userErrorAt < r.to) throw new UserError(`value ${m.userErrorAt} is not allowed (fixture)`);
    if (m.failOnceAt >= r.from && m.failOnceAt < r.to && !failedOnce) {
      failedOnce = true;
      throw new Error(`flaky shard ${r.index} (fixture)`);
    }
    outcome("started");
    const x = input.arrays.x as Float64Array;
    const y = new Float64Array(r.to - r.from);
    for (let i = r.from; i < r.to; i++) {
      y[i - r.from] = x[i]! * x[i]!;
      if (m.slowMs && (i - r.from) % 100 === 0) {
        await Bun.sleep(m.slowMs);
        if (env.signal.aborted) outcome("aborted");
        env.signal.throwIfAborted();
        env.progress(i - r.from);
      }
    }
    outcome("done");
    return { meta: null, arrays: { y } };
  },
});

export default definePlugin({
  name: "cluster-fixture",
  version: "1.0.0",
  apiVersion: API_VERSION,
  tasks: { square },
  stages: {
    "fixture.squares": defineStage({
      kind: "features",
      description: "n seeded values squared, sharded when the run has workers",
      options: z.object({
        n: z.number().int().min(0).default(1000),
        slowMs: z.number().min(0).default(0),
        failOnceAt: z.number().int().default(-1),
        userErrorAt: z.number().int().default(-1),
        blockMs: z.number().min(0).default(0),
        blockMarker: z.string().default(""),
        outcomes: z.string().default(""),
        output: z.string().default("squares"),
      }),
      inputs: [],
      outputs: (o) => [o.output],
      async run(ctx, o) {
        const x = Float64Array.from({ length: o.n }, (_, i) => Math.sin(i * 0.37 + ctx.seed));
        const input: Frame = { meta: { slowMs: o.slowMs, failOnceAt: o.failOnceAt, userErrorAt: o.userErrorAt, blockMs: o.blockMs, blockMarker: o.blockMarker, outcomes: o.outcomes }, arrays: { x } };
        const never = new AbortController().signal;
        const part = ctx.cluster
          ? await ctx.cluster.map("square", input, o.n, { unit: "values" })
          : await square.run({ ...input, meta: { slowMs: o.slowMs, failOnceAt: -1, userErrorAt: o.userErrorAt, blockMs: 0 } }, { index: 0, count: 1, from: 0, to: o.n }, { backend: ctx.gpu, signal: never, progress: () => {} });
        ctx.output(o.output, { kind: "table", length: o.n, columns: { i: Int32Array.from({ length: o.n }, (_, i) => i), y: part.arrays.y as Float64Array } });
      },
    }),
  },
});
