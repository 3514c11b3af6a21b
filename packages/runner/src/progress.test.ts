import { expect, test } from "bun:test";
import { ProgressReporter } from "./progress.ts";
import { formatSummary } from "./summary.ts";

test("plain mode prints at most one line per 10 % step", () => {
  let out = "";
  let now = 0;
  const p = new ProgressReporter({ write: (s: string) => (out += s) }, false, () => now);
  p.stageStart(0, 2, "a.stage");
  for (let i = 0; i <= 1000; i++) {
    now += 1;
    p.update(i, 1000);
  }
  p.stageEnd("done", 1.0);
  const lines = out.trim().split("\n");
  expect(lines[0]).toBe("[1/2] a.stage …");
  expect(lines.filter((l) => l.includes("%")).length).toBe(11);
  expect(lines.at(-1)).toBe("[1/2] a.stage ✓ 1.0s");
});

test("tty mode rewrites one line", () => {
  let out = "";
  let now = 0;
  const p = new ProgressReporter({ write: (s: string) => (out += s) }, true, () => now);
  p.stageStart(0, 1, "s");
  now = 500;
  p.update(5, 10);
  expect(out).toContain("\r\x1b[K[1/1] s 50% (5/10)");
  expect(out).not.toContain("\n");
});

test("summary lists timings and a metrics table", () => {
  const s = formatSummary([
    { id: "recall.itemcf", status: "done", seconds: 1.5, metrics: {} },
    { id: "eval.itemcf", status: "cached", seconds: 0.2, metrics: { "recall@10": 0.25, "ndcg@10": 0.3 } },
  ]);
  expect(s).toMatch(/recall\.itemcf\s+done\s+1\.50s/);
  expect(s).toMatch(/recall@10\s+0\.2500/);
  expect(s).toMatch(/ndcg@10\s+0\.3000/);
});

test("evaluation metrics print one row per metric; other stages' metrics one line each", () => {
  const s = formatSummary([
    { id: "data.features", status: "done", seconds: 1, metrics: { train_rows: 90 } },
    { id: "eval.a", status: "done", seconds: 1, metrics: { "recall@10": 0.1, "ndcg@10": 0.2, "hit@10": 0.3 } },
    { id: "eval.b", status: "done", seconds: 1, metrics: { "recall@10": 0.4, "ndcg@10": 0.5 } },
  ]);
  expect(s).toMatch(/metric\s+eval\.a\s+eval\.b/);
  expect(s).toMatch(/ndcg@10\s+0\.2000\s+0\.5000/);
  expect(s).toMatch(/hit@10\s+0\.3000\s+–/);
  expect(s).toContain("data.features: train_rows=90");
});

test("a log line carries its stage's id once, even when the message starts with it", () => {
  let out = "";
  const p = new ProgressReporter({ write: (s: string) => (out += s) }, false);
  p.stageStart(0, 1, "recs.itemcf");
  p.log("recs.itemcf: 10 recommendations");
  p.log("backend cpu");
  p.log("recs.itemcfx: not the prefix");
  expect(out.split("\n").slice(1, 4)).toEqual(["  recs.itemcf: 10 recommendations", "  recs.itemcf: backend cpu", "  recs.itemcf: recs.itemcfx: not the prefix"]);
});
