import { expect, test } from "bun:test";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { RespWriter } from "./resp.ts";
import { sendEncoded } from "./send-commands.ts";

const redis = useRedisServer();

test("pre-encoded commands go through ioredis and their replies come back in order", async () => {
  const w = new RespWriter();
  w.command(["MSET", "a", "1", "b", "é"]).command(["EXISTS", "a", "b", "c"]).command(["GET", "b"]);
  expect(await sendEncoded(redis.client, w.take())).toEqual(["OK", 2, "é"]);
  w.command(["INCR", "a"]);
  expect(await sendEncoded(redis.client, w.take())).toEqual([2]);
  expect(await sendEncoded(redis.client, [])).toEqual([]);
});

test("an error reply rejects with Redis's message", async () => {
  const w = new RespWriter();
  w.command(["SET", "h", "x"]).command(["HSET", "h", "f", "v"]);
  await expect(sendEncoded(redis.client, w.take())).rejects.toThrow(/WRONGTYPE/);
});
