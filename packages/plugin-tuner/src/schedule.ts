/**
 * The order a batch of trials runs in, and on which lane (worker process), so that derivable
 * stages (a stage definition's `derive`, see derive.ts) are computed once and cut for the rest,
 * in the process that holds them in memory. A trial whose stage another trial of the batch
 * strictly covers (ItemCF at `neighbours: 100` against the same options at 1600) is "later": it
 * waits until the trials covering it have finished (those alone: no barrier after the first ones),
 * then derives that stage from the cache. The others are "first" and start before any later one, in
 * trial order. A later trial goes preferably to a lane that already holds its source (the lane that
 * ran a covering trial, or cut from it: the worker keeps what it computed or decoded,
 * artifact-lru.ts), so the source is not decoded again elsewhere; a lane with nothing of its own
 * takes another lane's ready trial rather than wait. Which trials are covered is read from their
 * planned options; whether a stage is actually derived is decided when a trial starts, from the
 * cache's fingerprints and input hashes (cache.ts), so this order and these lanes only save time,
 * never change a result.
 */
import type { PlannedStage } from "@shortlist/runner/host";

/**
 * Splits `trials` (with their plans) into those to run first and those to run after them.
 * @example const [first, later] = coverOrder([{ n: 1, plan }, { n: 2, plan: plan2 }])
 */
export function coverOrder<T extends { plan: PlannedStage[] }>(trials: T[]): [T[], T[]] {
  const first: T[] = [];
  const later: T[] = [];
  for (const t of trials) (trials.some((o) => o !== t && strictlyCovers(o.plan, t.plan)) ? later : first).push(t);
  return [first, later];
}

/** Whether some derivable stage of `b` is covered by the same stage of `a`, but not the reverse. */
function strictlyCovers(a: PlannedStage[], b: PlannedStage[]): boolean {
  return b.some((sb) => {
    const sa = a.find((s) => s.config.id === sb.config.id);
    const d = sb.def.derive;
    return d !== undefined && sa !== undefined && sa.def === sb.def && d.covers(sa.options, sb.options) && !d.covers(sb.options, sa.options);
  });
}

/** A trial outside the batch still running on a lane (trial 0, the pipeline as written). */
export interface Running {
  plan: PlannedStage[];
  lane: number;
  done: Promise<unknown>;
}

/**
 * Runs a batch on `lanes` lanes: each lane takes the next trial for it, runs it with `run`, and goes
 * on until none is left; a lane with none ready waits for a running trial to finish. `running`'s
 * lane starts once it has ended, and a trial it strictly covers waits for it too, so that the
 * smallest covering result is cached when that trial is seeded. Resolves with the results in the
 * order the trials finished.
 * @example const records = await runLanes(trials, 2, (t, lane) => runOne(t, lane))
 */
export async function runLanes<T extends { plan: PlannedStage[] }, R>(trials: T[], lanes: number, run: (t: T, lane: number) => Promise<R>, running?: Running): Promise<R[]> {
  type Source = { plan: PlannedStage[] };
  const outside: Source[] = running ? [{ plan: running.plan }] : [];
  const [first, later] = coverOrder(trials);
  for (const t of first.filter((t) => outside.some((o) => strictlyCovers(o.plan, t.plan)))) later.push(first.splice(first.indexOf(t), 1)[0]!);
  // a later trial's sources: the first trials and the outside one that strictly cover it
  const sources = new Map<T, Source[]>(later.map((t) => [t, [...first, ...outside].filter((o) => strictlyCovers(o.plan, t.plan))]));
  const finished = new Set<Source>();
  const holders = new Map<Source, Set<number>>(); // a source → the lanes holding its results
  const hold = (src: Source, lane: number) => holders.set(src, (holders.get(src) ?? new Set()).add(lane));
  const next = (lane: number): T | undefined => {
    if (first.length) return first.shift();
    const ready = later.filter((t) => sources.get(t)!.every((s) => finished.has(s)));
    const own = ready.find((t) => sources.get(t)!.some((s) => holders.get(s)?.has(lane)));
    const pick = own ?? ready[0];
    if (pick) later.splice(later.indexOf(pick), 1);
    return pick;
  };
  const results: R[] = [];
  let active = 0; // trials running, the outside one included
  let failed = false; // a lane threw: the others end after their running trial
  let wake: () => void = () => {};
  let woken = new Promise<void>((r) => (wake = r));
  const wakeAll = () => {
    wake();
    woken = new Promise<void>((r) => (wake = r));
  };
  const ended = (src: Source) => {
    active--;
    finished.add(src);
    wakeAll();
  };
  if (running) {
    active++;
    hold(outside[0]!, running.lane);
    const end = () => ended(outside[0]!);
    running.done.then(end, end);
  }
  const lane = async (lane: number) => {
    if (lane === running?.lane) await running.done;
    for (;;) {
      const t = failed ? undefined : next(lane);
      if (t === undefined) {
        if (failed || later.length === 0 || active === 0) return;
        await woken; // a running trial's end may make a later one ready
        continue;
      }
      active++;
      for (const s of sources.get(t) ?? [t]) hold(s, lane);
      let result: R;
      try {
        result = await run(t, lane);
      } finally {
        ended(t);
      }
      results.push(result);
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i).catch((e) => {
    failed = true;
    wakeAll();
    throw e;
  })));
  return results;
}
