import { expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { freePort, startRedisServer } from "../testing/redis-server.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { checkReachable, openConnection, parseRedisUrl } from "./redis-connection.ts";

const redis = useRedisServer();

test("parseRedisUrl accepts redis:// and rediss:// URLs and never shows the password", () => {
  expect(parseRedisUrl("redis://localhost").display).toBe("localhost:6379/0");
  expect(parseRedisUrl("rediss://u:secret@cache.example:6380/3").display).toBe("cache.example:6380/3");
  expect(() => parseRedisUrl("redis://u:secret@h:1/x")).toThrow(/names database "x"/);
  expect(() => parseRedisUrl("redis://u:secret@h:1/x")).not.toThrow(/secret/);
  expect(() => parseRedisUrl("not a url")).toThrow(UserError);
});

test("checkReachable passes for a live server and names the address when nothing listens", async () => {
  await checkReachable(parseRedisUrl(redis.server.url), 1000);
  const port = await freePort();
  await expect(checkReachable(parseRedisUrl(`redis://127.0.0.1:${port}`), 500)).rejects.toThrow(`cannot reach Redis at 127.0.0.1:${port}/0`);
});

test("a wrong password is told apart from a server that is down", async () => {
  const secured = await startRedisServer(["--requirepass", "right"]);
  try {
    await expect(checkReachable(parseRedisUrl(secured.url.replace("redis://", "redis://:wrong@")), 1000)).rejects.toThrow(/check the user and password/);
    await checkReachable(parseRedisUrl(secured.url.replace("redis://", "redis://:right@")), 1000);
  } finally {
    await secured.stop();
  }
});

test("the write connection counts reconnections after a server restart", async () => {
  const own = await startRedisServer();
  const conn = await openConnection(parseRedisUrl(own.url), { reconnectAttempts: 20, timeoutMs: 1000 });
  try {
    expect(conn.epoch()).toBe(0);
    await own.kill();
    await own.restart();
    // The next command waits in ioredis's offline queue until the reconnection.
    expect(await conn.redis.ping()).toBe("PONG");
    expect(conn.epoch()).toBe(1);
  } finally {
    await conn.close();
    await own.stop();
  }
});
