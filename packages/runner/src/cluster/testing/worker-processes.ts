/** `shortlist worker` processes for the cluster tests and the scale bench: real processes, killable. */
import { join } from "node:path";
import type { Subprocess } from "bun";

const CLI = join(import.meta.dir, "../../cli.ts");

export interface WorkerProcess {
  proc: Subprocess<"ignore", "ignore", "pipe">;
  /** Resolves once the worker said it is waiting for jobs. */
  ready: Promise<void>;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
}

/**
 * @example const w = startWorkerProcess(redis.url, ["--lock-ms", "2000"]); await w.ready; … w.proc.kill(9)
 */
export function startWorkerProcess(queue: string, args: string[] = [], env: Record<string, string> = {}): WorkerProcess {
  const proc = Bun.spawn(["bun", CLI, "worker", "--queue", queue, ...args], { stdin: "ignore", stdout: "ignore", stderr: "pipe", env: { ...process.env, ...env } });
  let text = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    void proc.exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready:\n${text}`)));
  });
  ready.catch(() => undefined);
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr) {
      text += decoder.decode(chunk);
      if (text.includes("waiting for jobs")) markReady();
    }
  })();
  return { proc, ready, stderr: () => text };
}
