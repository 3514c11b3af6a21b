/**
 * The per-file redis set-up shared by the redis tests: one real `redis-server` (see
 * `redis-server.ts`) started before the file's tests and stopped after them, plus an optional
 * ioredis client to it.
 */
import { afterAll, beforeAll, setDefaultTimeout } from "bun:test";
import Redis from "ioredis";
import { startRedisServer, type RedisServer } from "./redis-server.ts";

export interface RedisTestServer {
  /** The file's server; throws when read before `beforeAll` started it (e.g. at module level). */
  readonly server: RedisServer;
  /**
   * An ioredis client to `server.url`, made on first use and disconnected in `afterAll`, so a file
   * that never reads it opens no connection. Throws when read before `beforeAll` started the server.
   */
  readonly client: Redis;
}

/**
 * Starts one real redis-server for the test file (`beforeAll`) and stops it (`afterAll`); also raises
 * the file's default test timeout to 60 s, because these tests start servers or wait on timeouts and a
 * loaded 2-core machine can take more than 5 s. Call it once, at the top level of a test file.
 *
 * bun runs `afterAll` hooks in the order they were registered: a file that opens its own connection
 * closes it in an `afterAll` registered before this call, so it is closed while the server still runs.
 * @example
 * const redis = useRedisServer();
 * test("writes a key", async () => {
 *   await redis.client.set("k", "v");
 *   await runStage(plugin, "sink.redis", { inputs, options: { url: redis.server.url } });
 * });
 */
export function useRedisServer(): RedisTestServer {
  setDefaultTimeout(60_000);
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  const started = (what: string): RedisServer => {
    if (!server) throw new Error(`useRedisServer: ${what} was read before beforeAll started the server; read it inside a test or hook`);
    return server;
  };
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  return {
    get server() {
      return started("server");
    },
    get client() {
      client ??= new Redis(started("client").url);
      return client;
    },
  };
}
