/**
 * A TCP relay in front of a test redis-server that runs a fault the moment a client sends a given
 * command. The sink connects through it, so a test can kill the server exactly when, say, the
 * version allocation is sent, before the server has seen it: timing the kill from outside (as the
 * mid-write test does with DBSIZE) cannot hit a phase that lasts one round trip. While the fault
 * runs the relay stops listening too, so a client sees ECONNREFUSED as it would from the server
 * itself (ioredis counts failed reconnections only when the TCP connect fails).
 */
import { createConnection, createServer, type Socket } from "node:net";

export interface FaultProxy {
  /** `redis://127.0.0.1:<relay port>` */
  readonly url: string;
  /** Whether the trigger was seen (the fault ran). */
  readonly fired: boolean;
  close(): Promise<void>;
}

/** A command's text (e.g. `JSON.SET`), or the n-th connection opened through the relay (1-based). */
export type Trigger = string | { connection: number };

/**
 * Relays to `targetPort`. When the trigger comes (the first client chunk containing the text, or
 * the n-th connection), `fault` is called once (it kills the server at once and restarts it), the
 * chunk or connection is dropped, every open connection is cut, and the relay listens again on the
 * same port when the fault's promise settles.
 * @example const proxy = await startFaultProxy(server.port, "JSON.SET", () => restartLater());
 */
export async function startFaultProxy(targetPort: number, trigger: Trigger, fault: () => Promise<void>): Promise<FaultProxy> {
  const open = new Set<Socket>();
  let fired = false;
  let connections = 0;
  const pattern = Buffer.from(typeof trigger === "string" ? trigger : "\0never\0");
  let port = 0;
  let faultDone: Promise<void> = Promise.resolve();
  const fire = () => {
    fired = true;
    const running = fault(); // first: it sends SIGKILL at once, before the client can reconnect
    relay.close();
    for (const s of open) s.destroy();
    open.clear();
    faultDone = running.finally(() => listen(port));
  };
  const relay = createServer((client) => {
    if (!fired && typeof trigger === "object" && ++connections === trigger.connection) {
      client.destroy();
      fire();
      return;
    }
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
    const cut = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    open.add(client).add(upstream);
    for (const s of [client, upstream]) s.on("error", cut).on("close", cut);
    upstream.on("data", (d: Buffer) => client.write(d));
    // Keep the end of the previous chunk so a trigger split across two chunks is still seen.
    let tail: Buffer = Buffer.alloc(0);
    client.on("data", (d: Buffer) => {
      if (!fired && (d.includes(pattern) || Buffer.concat([tail, d.subarray(0, pattern.length)]).includes(pattern))) return fire();
      tail = d.subarray(Math.max(0, d.length - pattern.length + 1));
      upstream.write(d);
    });
  });
  const listen = (at: number) => new Promise<void>((resolve) => relay.listen(at, "127.0.0.1", resolve));
  await listen(0);
  const addr = relay.address();
  port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    get fired() {
      return fired;
    },
    close: async () => {
      await faultDone;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
