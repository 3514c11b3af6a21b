import { afterAll, beforeAll, expect, test, setDefaultTimeout } from "bun:test";
import Redis from "ioredis";
import { startRedisServer, type RedisServer } from "../testing/redis-server.ts";
import { RespWriter } from "./resp.ts";
import { sendEncoded } from "./send-commands.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

test("pre-encoded commands go through ioredis and their replies come back in order", async () => {
  const w = new RespWriter();
  w.command(["MSET", "a", "1", "b", "é"]).command(["EXISTS", "a", "b", "c"]).command(["GET", "b"]);
  expect(await sendEncoded(redis, w.take())).toEqual(["OK", 2, "é"]);
  w.command(["INCR", "a"]);
  expect(await sendEncoded(redis, w.take())).toEqual([2]);
  expect(await sendEncoded(redis, [])).toEqual([]);
});

test("an error reply rejects with Redis's message", async () => {
  const w = new RespWriter();
  w.command(["SET", "h", "x"]).command(["HSET", "h", "f", "v"]);
  await expect(sendEncoded(redis, w.take())).rejects.toThrow(/WRONGTYPE/);
});
