import { describe, expect, test } from "bun:test";
import { TrialPool } from "./pool.ts";

describe("TrialPool thread budget", () => {
  test("workers × threads ≤ cores, at least one thread each; a SHORTLIST_THREADS the user set is kept", () => {
    expect(new TrialPool(2, 8, {}).threads).toBe(4);
    expect(new TrialPool(3, 8, {}).threads).toBe(2);
    expect(new TrialPool(4, 2, {}).threads).toBe(1);
    expect(new TrialPool(1, 16, {}).threads).toBe(16);
    expect(new TrialPool(2, 8, { SHORTLIST_THREADS: "3" }).threads).toBe(3);
  });
});

describe("TrialPool lanes", () => {
  test("after close() a trial is answered as interrupted, without running", async () => {
    const pool = new TrialPool(2, 2, {});
    await pool.close();
    const reply = await pool.run({ n: 3, file: "x.yaml", out: "/nonexistent", sets: [], allowPluginPaths: [], cache: "/nonexistent" }, 1);
    expect(reply).toMatchObject({ n: 3, status: "interrupted" });
  });
});
