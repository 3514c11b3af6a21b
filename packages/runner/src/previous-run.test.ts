import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPreviousRun } from "./previous-run.ts";

const dir = () => mkdtempSync(join(tmpdir(), "previous-run-"));
const entry = (id: string, status: string, recall: number | null) =>
  JSON.stringify({ format: 1, id, status, finishedAt: `2026-01-0${id}T00:00:00Z`, stages: [{ id: "eval.itemcf", metrics: { "recall@10": recall, users: 9 } }] });

test("history.jsonl: the last run that finished, non-finite metrics dropped", () => {
  const d = dir();
  writeFileSync(join(d, "history.jsonl"), [entry("1", "done", 0.2), entry("2", "done", null), entry("3", "failed", 0.1)].join("\n") + "\n");
  writeFileSync(join(d, "metrics.json"), JSON.stringify({ stages: { "eval.itemcf": { "recall@10": 0.9 } } }));
  const p = readPreviousRun(d)!;
  expect(p.source).toBe("history.jsonl (run 2)");
  expect(p.finishedAt).toBe("2026-01-02T00:00:00Z");
  expect(p.stages["eval.itemcf"]).toEqual({ users: 9 });
});

test("without history: the metrics.json an older run left; nothing on a first run or an unreadable file", () => {
  const d = dir();
  expect(readPreviousRun(d)).toBeUndefined();
  writeFileSync(join(d, "metrics.json"), JSON.stringify({ pipeline: "x", stages: { "eval.itemcf": { "recall@10": 0.3 } } }));
  expect(readPreviousRun(d)).toEqual({ source: "metrics.json", finishedAt: undefined, stages: { "eval.itemcf": { "recall@10": 0.3 } } });
  writeFileSync(join(d, "metrics.json"), "{ not json");
  expect(readPreviousRun(d)).toBeUndefined();
});
