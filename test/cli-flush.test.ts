/**
 * Issue 17 item 2: every command lets stdout drain before it exits, so a slow reader at the other
 * end of a pipe gets all of it (it used to be cut at the pipe's 64 KiB).
 */
import { expect, test } from "bun:test";
import { CLI } from "./cli-helpers.ts";

test("plugins --json piped into a slow reader arrives whole and parses", async () => {
  // A shell pipe, as a user would type it: the reader starts reading a second after the CLI is done writing.
  const p = Bun.spawn(["sh", "-c", `bun "$0" plugins --json | (sleep 1; cat)`, CLI], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  expect(err).toBe("");
  expect(code).toBe(0);
  const plugins = JSON.parse(out) as { name: string }[];
  expect(out.length).toBeGreaterThan(64 * 1024); // more than a pipe holds, or this would prove nothing
  expect(plugins.map((x) => x.name)).toContain("@shortlist/plugin-sinks");
});
