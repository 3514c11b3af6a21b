import { expect, test } from "bun:test";
import Redis from "ioredis";
import { UserError } from "@shortlist/runner";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { chooseJsonStorage, hasRedisJson } from "./json-support.ts";

const redis = useRedisServer();

test("a plain redis-server has no RedisJSON", async () => {
  const r = new Redis(redis.server.url);
  try {
    expect(await hasRedisJson(r)).toBe(false);
  } finally {
    r.disconnect();
  }
});

test("a dropped connection is thrown for a retry, not read as \"no RedisJSON\"", async () => {
  const r = new Redis(redis.server.url, { lazyConnect: true, enableOfflineQueue: false });
  r.on("error", () => {});
  await expect(hasRedisJson(r)).rejects.toThrow(/Stream isn't writeable|Connection is closed/);
  r.disconnect();
});

test("auto follows the server; string is always strings; redisjson without the module is a UserError", () => {
  expect(chooseJsonStorage("auto", true).storage).toBe("redisjson");
  expect(chooseJsonStorage("auto", false)).toEqual({ storage: "string", note: "RedisJSON not loaded on this server: JSON values written as strings, read with GET and parse" });
  expect(chooseJsonStorage("string", true).storage).toBe("string");
  expect(chooseJsonStorage("redisjson", true).storage).toBe("redisjson");
  expect(() => chooseJsonStorage("redisjson", false)).toThrow(UserError);
  expect(() => chooseJsonStorage("redisjson", false)).toThrow(/load the module \(redis-stack\) or set json: "auto"/);
});
