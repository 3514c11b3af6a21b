/** Runs the `shortlist` CLI in a child process, as a user would. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const CLI = resolve(import.meta.dir, "../packages/runner/src/cli.ts");
export const FIXTURES = resolve(import.meta.dir, "fixtures");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function shortlist(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<CliResult> {
  const p = Bun.spawn(["bun", CLI, ...args], { cwd, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

export function tempDir(prefix = "shortlist-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a pipeline file into a fresh temp dir and returns its path. */
export function writePipeline(text: string, name = "pipeline.yaml"): string {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
