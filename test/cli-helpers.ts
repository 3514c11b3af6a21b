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

/**
 * `shortlist …` with `--allow-plugin-path test/fixtures` added to run, validate and plugins: the tests'
 * pipelines sit in temp folders and load the fixture plugins by absolute path, which a pipeline file
 * may only do when the user allows that folder (see plugin-path.ts).
 */
export async function shortlist(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<CliResult> {
  const allow = ["run", "validate", "plugins"].includes(args[0] ?? "") ? ["--allow-plugin-path", FIXTURES] : [];
  return shortlistExact([...args, ...allow], env, cwd);
}

/** `shortlist …` with exactly these arguments. */
export async function shortlistExact(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<CliResult> {
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

/** What readUntil and readRest need of a stream reader (a child's stdout or stderr). */
interface ByteReader {
  read(): Promise<{ value?: Uint8Array; done?: boolean }>;
}

/** Reads a child's output until `pattern` shows (or the stream ends) and returns what it read. */
export async function readUntil(reader: ByteReader, pattern: RegExp): Promise<string> {
  const decoder = new TextDecoder();
  let seen = "";
  while (!pattern.test(seen)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
  }
  return seen;
}

/** The rest of a reader's stream as text. */
export async function readRest(reader: ByteReader): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}
