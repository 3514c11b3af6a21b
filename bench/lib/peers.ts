/**
 * Peer benchmarks (bench/peers/*.py) as long-lived processes: each sets up its data once, then
 * runs one named case per request (see peers/_serve.py), so the benchmark can alternate its own
 * runs with the peer's and both see the same load. Peers run only when python3 with numpy and
 * scipy is present; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed from their environment
 * because this machine may set them to values that slow OpenBLAS down.
 */
import { join } from "node:path";

let available: boolean | undefined;

/** This process's environment without the OpenBLAS settings that slow the peers down. */
export function peerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "OPENBLAS_CORETYPE" && k !== "OPENBLAS_L2_SIZE") env[k] = v;
  return env;
}

/**
 * True when `python3 -c "import numpy, scipy"` succeeds (checked once).
 * @example
 * if (await peersAvailable()) ...
 */
export async function peersAvailable(): Promise<boolean> {
  if (available !== undefined) return available;
  try {
    const p = Bun.spawn(["python3", "-c", "import numpy, scipy"], { stdout: "ignore", stderr: "ignore", env: peerEnv() });
    available = (await p.exited) === 0;
  } catch {
    available = false;
  }
  return available;
}

/** A running peer script. */
export class Peer {
  private lines: AsyncIterator<string>;
  private constructor(private readonly proc: Bun.Subprocess<"pipe", "pipe", "pipe">, readonly script: string) {
    this.lines = readLines(proc.stdout);
  }

  /**
   * Starts bench/peers/<script> with JSON set-up args (under `python`, default python3) and
   * waits until it is ready.
   * @example
   * const peer = await Peer.start("topk.py", { file, rows, cols, k: 10 });
   */
  static async start(script: string, args: unknown, python = "python3"): Promise<Peer> {
    const path = join(import.meta.dir, "..", "peers", script);
    const proc = Bun.spawn([python, path, JSON.stringify(args)], { stdin: "pipe", stdout: "pipe", stderr: "pipe", env: peerEnv() });
    const peer = new Peer(proc, script);
    await peer.reply();
    return peer;
  }

  private async reply(): Promise<Record<string, unknown>> {
    const next = await this.lines.next();
    if (next.done) {
      const err = await new Response(this.proc.stderr).text();
      throw new Error(`peer ${this.script} stopped: ${err.trim().split("\n").slice(-3).join(" / ")}`);
    }
    const msg = JSON.parse(next.value) as Record<string, unknown>;
    if (typeof msg.error === "string") throw new Error(`peer ${this.script}: ${msg.error}`);
    return msg;
  }

  /**
   * Runs one case once and returns its wall time in ms, as the peer measured it.
   * @example
   * const ms = await peer.time("topk");
   */
  async time(name: string): Promise<number> {
    return (await this.request(name)).ms as number;
  }

  /**
   * Runs one case once and returns the peer's whole reply (a case may report more than ms).
   * @example
   * const { per_s } = await peer.request("mlp");
   */
  async request(name: string): Promise<Record<string, unknown>> {
    this.proc.stdin.write(`${name}\n`);
    this.proc.stdin.flush();
    return this.reply();
  }

  /** Ends the peer process. */
  async close(): Promise<void> {
    this.proc.stdin.end();
    await this.proc.exited;
  }
}

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      yield buf.slice(0, nl);
      buf = buf.slice(nl + 1);
    }
  }
  if (buf) yield buf;
}
