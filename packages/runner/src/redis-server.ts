/**
 * A throwaway `redis-server` for tests and benchmarks: a free loopback port, a temp dir, no
 * persistence (`--save "" --appendonly no`). The process is killed on `stop()` and, as a last
 * resort, when this process exits, so a failing test never leaves a server running.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** The running server's process id (undefined between `kill` and `restart`). */
  readonly pid: number | undefined;
  /** Kills the server at once (SIGKILL by default), as a crash would. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a new server process on the same port (after `kill`). */
  restart(): Promise<void>;
  /** Kills the server and removes its temp dir; safe to call twice. */
  stop(): Promise<void>;
}

const live = new Set<Subprocess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous kill: "exit" handlers cannot await.
  process.on("exit", () => {
    for (const p of live) p.kill("SIGKILL");
  });
}

/** Finds a free loopback TCP port by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once the port answers `PING` (`+PONG`, or `-NOAUTH` when a password is set), or rejects after `timeoutMs`. */
export async function waitForPong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host: "127.0.0.1", port });
      sock.once("error", () => resolve(false));
      sock.once("data", (d) => {
        sock.destroy();
        resolve(/^(\+PONG|-NOAUTH)/.test(d.toString()));
      });
      sock.once("connect", () => sock.write("PING\r\n"));
    });
    if (ok) return;
    await Bun.sleep(25);
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/**
 * Starts a private redis-server.
 * @example
 * const server = await startRedisServer();
 * try { … server.url … } finally { await server.stop(); }
 */
export async function startRedisServer(extraArgs: string[] = []): Promise<RedisServer> {
  const bin = Bun.which("redis-server");
  if (!bin) throw new Error("redis-server is not installed: run `bun run setup` (Debian: apt-get install redis-server)");
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), "shortlist-redis-"));
  const port = await freePort();
  let proc: Subprocess | undefined;
  const spawn = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
    proc = Bun.spawn([bin, ...args, ...extraArgs], { stdout: "ignore", stderr: "ignore" });
    live.add(proc);
    try {
      await waitForPong(port);
    } catch (e) {
      await kill();
      throw e;
    }
  };
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    if (!proc) return;
    const p = proc;
    proc = undefined;
    p.kill(signal);
    await p.exited;
    live.delete(p);
  };
  await spawn();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return proc?.pid;
    },
    kill,
    restart: spawn,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
