import { expect, test } from "bun:test";
import { join } from "node:path";

/** Runs a script in a child bun (fd 2 is redirected by the code under test, so not in this process). */
async function child(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = Bun.spawn(["bun", "-e", script], { cwd: import.meta.dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR || "/tmp" } });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

test("native writes to fd 2 during the call are filtered; other lines and later output pass", async () => {
  const r = await child(`
    import { writeSync } from "node:fs";
    import { withStderrFiltered } from ${JSON.stringify(join(import.meta.dir, "quiet-stderr.ts"))};
    const v = withStderrFiltered(() => { writeSync(2, "kept 1\\nWarning: noise A\\nkept 2\\nWarning: noise B\\n"); return 42; }, /^Warning: noise/);
    writeSync(2, "after\\n");
    console.log(v);
  `);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe("42\n");
  expect(r.stderr).toBe("kept 1\nkept 2\nafter\n");
});

test("a throwing call restores stderr and still writes back what it printed", async () => {
  const r = await child(`
    import { writeSync } from "node:fs";
    import { withStderrFiltered } from ${JSON.stringify(join(import.meta.dir, "quiet-stderr.ts"))};
    try { withStderrFiltered(() => { writeSync(2, "real warning\\n"); throw new Error("boom"); }, /noise/); } catch (e) { writeSync(2, "caught " + e.message + "\\n"); }
  `);
  expect(r.stderr).toBe("real warning\ncaught boom\n");
});

test("requesting an adapter prints none of Dawn's limit-clamp warnings", async () => {
  const r = await child(`
    import { requestAdapter } from ${JSON.stringify(join(import.meta.dir, "gpu.ts"))};
    const a = await requestAdapter({ powerPreference: "high-performance" });
    console.log(a ? "adapter" : "none");
  `);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("artificially reduced");
});
