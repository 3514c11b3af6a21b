import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fit, type EpochModel, type FitContext } from "./fit-epochs.ts";

/** A model whose "parameter" is a number: epoch e adds e; validation follows a fixed curve. */
class Counter implements EpochModel {
  value = 0;
  trained: number[] = [];
  constructor(readonly curve: number[], readonly failAt = Infinity) {}
  async trainEpoch(epoch: number) {
    if (epoch === this.failAt) throw new Error("killed");
    this.trained.push(epoch);
    this.value += epoch;
    return { loss: 1 / epoch, samples: 100 };
  }
  async validate() {
    return this.curve[this.trained.length - 1] ?? NaN;
  }
  async save(dir: string) {
    writeFileSync(join(dir, "value"), String(this.value));
  }
  async load(dir: string) {
    this.value = Number(readFileSync(join(dir, "value"), "utf8"));
  }
}

function context(dir: string) {
  const logs: string[] = [];
  const metrics: Record<string, number> = {};
  const ctx = { workDir: () => dir, log: (m: string) => logs.push(m), progress: () => {}, signal: new AbortController().signal, metrics: { record: (n: string, v: number) => void (metrics[n] = v) } } as unknown as FitContext;
  return { ctx, logs, metrics };
}

const options = { epochs: 10, patience: 2, metric: "ndcg@10", algo: "demo" };

describe("fit", () => {
  test("stops after `patience` epochs without improvement and restores the best epoch", async () => {
    const { ctx, metrics } = context(mkdtempSync(join(tmpdir(), "fit-")));
    const m = new Counter([0.1, 0.3, 0.2, 0.25, 0.9]);
    const log = await fit(ctx, m, options);
    expect(m.trained).toEqual([1, 2, 3, 4]);
    expect(log.bestEpoch).toBe(2);
    expect(m.value).toBe(1 + 2); // the parameters after epoch 2
    expect(log.epochs.map((e) => e.valid)).toEqual([0.1, 0.3, 0.2, 0.25]);
    expect(log.epochs.every((e) => e.samplesPerSecond > 0 && e.seconds >= 0)).toBe(true);
    expect(metrics["valid_ndcg_at_10"]).toBe(0.3);
  });

  test("keeps only the last and the best checkpoints", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fit-"));
    await fit(context(dir).ctx, new Counter([0.5, 0.1, 0.2, 0.3, 0.4]), { ...options, epochs: 5, patience: 0 });
    expect(readdirSync(dir).filter((f) => f.startsWith("epoch-")).sort()).toEqual(["epoch-1", "epoch-5"]);
    // The best moving from epoch 2 to 4 leaves neither epoch 2's nor any other stale checkpoint behind.
    const moving = mkdtempSync(join(tmpdir(), "fit-"));
    await fit(context(moving).ctx, new Counter([0.1, 0.5, 0.2, 0.6, 0.3]), { ...options, epochs: 5, patience: 0 });
    expect(readdirSync(moving).filter((f) => f.startsWith("epoch-")).sort()).toEqual(["epoch-4", "epoch-5"]);
  });

  test("a crash in epoch 4 resumes at epoch 4 with the state of epoch 3 and ends as an uninterrupted run", async () => {
    const curve = [0.1, 0.2, 0.3, 0.35, 0.34, 0.33];
    const whole = new Counter(curve);
    const expected = await fit(context(mkdtempSync(join(tmpdir(), "fit-"))).ctx, whole, options);
    const dir = mkdtempSync(join(tmpdir(), "fit-"));
    await expect(fit(context(dir).ctx, new Counter(curve, 4), options)).rejects.toThrow("killed");
    const resumed = new Counter(curve);
    resumed.trained = [1, 2, 3]; // what the validation curve index needs; the parameter comes from the checkpoint
    const { ctx, logs } = context(dir);
    const log = await fit(ctx, resumed, options);
    expect(logs[0]).toContain("resuming demo after epoch 3");
    expect(resumed.trained).toEqual([1, 2, 3, 4, 5, 6]);
    expect(resumed.value).toBe(whole.value);
    expect(log.bestEpoch).toBe(expected.bestEpoch);
    expect(log.epochs.map((e) => e.valid)).toEqual(expected.epochs.map((e) => e.valid));
  });

  test("without a validation metric every epoch runs, none is best, and the last is kept", async () => {
    const m = new Counter([]);
    const log = await fit(context(mkdtempSync(join(tmpdir(), "fit-"))).ctx, m, { ...options, epochs: 4 });
    expect(m.trained).toEqual([1, 2, 3, 4]);
    expect(log.bestEpoch).toBe(0);
    expect(m.value).toBe(10);
    expect(log.epochs.every((e) => e.valid === null)).toBe(true);
  });
});
