import { afterAll, beforeAll, expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { startRedisServer, type RedisServer } from "../testing/redis-server.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { openConnection, parseRedisUrl, type WriteConnection } from "./redis-connection.ts";
import { checkSameServer, serverId } from "./server-identity.ts";

let conn: WriteConnection, other: RedisServer;
afterAll(async () => {
  await conn?.close();
  await other?.stop();
});
const redis = useRedisServer();
beforeAll(async () => {
  conn = await openConnection(parseRedisUrl(redis.server.url), { reconnectAttempts: 3, timeoutMs: 1000 });
  other = await startRedisServer();
});

test("workers that wrote to another redis-server (localhost on their machines) fail the stage with a UserError saying so", async () => {
  const mine = await serverId(conn.redis);
  expect(mine).toMatch(/^[0-9a-f]{40}$/);
  const elsewhere = await openConnection(parseRedisUrl(other.url), { reconnectAttempts: 1, timeoutMs: 1000 });
  const theirs = await serverId(elsewhere.redis).finally(() => elsewhere.close());
  expect(theirs).toMatch(/^[0-9a-f]{40}$/);
  expect(theirs).not.toBe(mine);
  const e = await checkSameServer(conn, conn.epoch(), [mine, theirs], "cache:6379/0", "app:v3:").then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toContain("the workers wrote version app:v3: to another Redis than cache:6379/0");
  expect((e as Error).message).toContain("localhost or 127.0.0.1");
  // the same server, or servers that do not say (INFO refused): nothing to object to
  await checkSameServer(conn, conn.epoch(), [mine, "", mine], "cache:6379/0", "app:v3:");
  // a reconnection since the jobs were sent (a restart gives a new run_id): every key is checked instead
  await checkSameServer(conn, conn.epoch() - 1, [theirs], "cache:6379/0", "app:v3:");
});
