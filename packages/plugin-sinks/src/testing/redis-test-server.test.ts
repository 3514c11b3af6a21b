import { expect, test } from "bun:test";
import Redis from "ioredis";
import { useRedisServer } from "./redis-test-server.ts";

const redis = useRedisServer();
// Module level runs before beforeAll: the getters must say so instead of returning undefined.
const early = [() => redis.server, () => redis.client].map((read) => {
  try {
    read();
    return "no error";
  } catch (e) {
    return (e as Error).message;
  }
});

test("reading the server or client before beforeAll is a clear error", () => {
  expect(early).toEqual([
    expect.stringMatching(/useRedisServer: server was read before beforeAll started the server/),
    expect.stringMatching(/useRedisServer: client was read before beforeAll started the server/),
  ]);
});

test("the server is running and the client is only connected once it is read", async () => {
  const probe = new Redis(redis.server.url);
  try {
    const clients = async () => String(await probe.client("LIST")).trim().split("\n").length;
    expect(await clients()).toBe(1);
    expect(await redis.client.ping()).toBe("PONG");
    expect(redis.client).toBe(redis.client);
    expect(await clients()).toBe(2);
  } finally {
    probe.disconnect();
  }
});
