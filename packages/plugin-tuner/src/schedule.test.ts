import { describe, expect, test } from "bun:test";
import type { PlannedStage } from "@shortlist/runner/host";
import { neighboursDerive } from "@shortlist/runner/recsys";
import { Rng } from "@shortlist/core-gpu/random";
import { coverOrder, runLanes } from "./schedule.ts";

const itemcf = { kind: "recall", derive: neighboursDerive };
const recs = { kind: "recall" };
/** A plan of two stages: a derivable neighbour stage and one without derive. */
const plan = (neighbours: number, alpha: number, k = 10) =>
  [
    { config: { id: "recall.itemcf" }, def: itemcf, options: { neighbours, alpha, output: "i2i.itemcf" } },
    { config: { id: "recs.itemcf" }, def: recs, options: { k } },
  ] as unknown as PlannedStage[];

describe("coverOrder", () => {
  test("the trials a derivable stage of another trial strictly covers run second", () => {
    const trials = [
      { n: 1, plan: plan(100, 1) },
      { n: 2, plan: plan(100, 2) },
      { n: 3, plan: plan(800, 1) },
      { n: 4, plan: plan(800, 2) },
      { n: 5, plan: plan(100, 3) }, // nothing covers alpha 3 at 800
    ];
    const [first, later] = coverOrder(trials);
    expect(first.map((t) => t.n)).toEqual([3, 4, 5]);
    expect(later.map((t) => t.n)).toEqual([1, 2]);
  });

  test("equal options (trials differing only downstream) cover each other only weakly: all run first", () => {
    const [first, later] = coverOrder([{ n: 1, plan: plan(100, 1, 10) }, { n: 2, plan: plan(100, 1, 20) }]);
    expect(first.map((t) => t.n)).toEqual([1, 2]);
    expect(later).toEqual([]);
  });
});

/** A grid of neighbours × alpha, each trial's plan; trials with the largest neighbours are the sources. */
const grid = (ns: number[], alphas: number[]) => ns.flatMap((n) => alphas.map((a) => ({ n: 0, neighbours: n, alpha: a, plan: plan(n, a) }))).map((t, i) => ({ ...t, n: i + 1 }));

describe("runLanes", () => {
  test("every trial runs once; a covered trial starts after its source ends, on the lane that ran it", async () => {
    const rng = new Rng(11);
    for (let round = 0; round < 20; round++) {
      const lanes = 1 + rng.int(3);
      const trials = grid([100, 200, 400, 1600].slice(0, 2 + rng.int(3)), [1, 2, 3].slice(0, 1 + rng.int(3)));
      const log: { n: number; lane: number; start: number; end: number }[] = [];
      let clock = 0;
      await runLanes(trials, lanes, async (t, lane) => {
        const start = clock++;
        for (let i = rng.int(4); i > 0; i--) await Promise.resolve(); // trials of varied length
        await Bun.sleep(rng.int(3));
        log.push({ n: t.n, lane, start, end: clock++ });
        return t.n;
      });
      expect(log.map((e) => e.n).sort((a, b) => a - b)).toEqual(trials.map((t) => t.n));
      const top = Math.max(...trials.map((t) => t.neighbours));
      for (const t of trials.filter((t) => t.neighbours < top)) {
        const src = trials.find((s) => s.neighbours === top && s.alpha === t.alpha)!;
        const [e, s] = [log.find((x) => x.n === t.n)!, log.find((x) => x.n === src.n)!];
        expect(e.start).toBeGreaterThan(s.end);
      }
      // one trial at a time per lane
      for (const a of log) for (const b of log) if (a !== b && a.lane === b.lane) expect(a.end < b.start || b.end < a.start).toBe(true);
    }
  });

  test("two lanes, two sources each computed on its own lane: every covered trial stays on its source's lane", async () => {
    const trials = grid([100, 200, 1600], [1, 2]);
    const laneOf = new Map<number, number>();
    const pending: (() => void)[] = [];
    const done = runLanes(trials, 2, (t, lane) => {
      laneOf.set(t.n, lane);
      return new Promise<void>((r) => pending.push(r));
    });
    // the lanes' trials end together, so neither runs out of its own work before the other
    for (let i = 0; i < 10; i++) {
      await Bun.sleep(1);
      for (const r of pending.splice(0)) r();
    }
    await done;
    const src = (a: number) => trials.find((t) => t.neighbours === 1600 && t.alpha === a)!.n;
    expect(laneOf.size).toBe(6);
    expect(laneOf.get(src(1))).not.toBe(laneOf.get(src(2)));
    for (const t of trials) expect(laneOf.get(t.n)).toBe(laneOf.get(src(t.alpha)));
  });

  test("the lane running trial 0 starts after it; a trial it strictly covers waits for it too", async () => {
    const trials = grid([300], [5, 6, 7]).concat({ n: 4, neighbours: 10, alpha: 9, plan: plan(10, 9) });
    let zeroDone = false;
    let endZero = () => {};
    const done = new Promise<void>((r) => (endZero = r)).then(() => void (zeroDone = true));
    const seen: { n: number; lane: number; zero: boolean }[] = [];
    await runLanes(trials, 2, async (t, lane) => {
      seen.push({ n: t.n, lane, zero: zeroDone });
      await Bun.sleep(1);
      if (seen.length === 2) endZero(); // trial 0 ends while lane 1 runs its second trial
    }, { plan: plan(20, 9), lane: 0, done });
    expect(seen.slice(0, 2).map((s) => s.lane)).toEqual([1, 1]);
    expect(seen.filter((s) => s.lane === 0).length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.lane === 0).every((s) => s.zero)).toBe(true);
    // trial 4 (neighbours 10, alpha 9) is covered by trial 0's (20, 9): it ran after it, on its lane
    expect(seen.find((s) => s.n === 4)).toMatchObject({ lane: 0, zero: true });
  });

  test("a trial that throws stops the handing out: the other lanes end after their running trial", async () => {
    const trials = grid([300], [1, 2, 3, 4, 5]);
    const started: number[] = [];
    await expect(
      runLanes(trials, 2, async (t) => {
        started.push(t.n);
        if (started.length === 2) throw new Error("boom");
        await Bun.sleep(2);
      }),
    ).rejects.toThrow("boom");
    await Bun.sleep(10);
    expect(started.length).toBe(2);
  });
});
