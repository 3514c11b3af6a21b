import { afterAll, beforeAll, expect, test, setDefaultTimeout } from "bun:test";
import Redis from "ioredis";
import { UserError } from "@shortlist/runner";
import { startRedisServer, type RedisServer } from "../testing/redis-server.ts";
import { chooseJsonStorage, hasRedisJson } from "./json-support.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

test("a plain redis-server has no RedisJSON", async () => {
  const r = new Redis(server.url);
  try {
    expect(await hasRedisJson(r)).toBe(false);
  } finally {
    r.disconnect();
  }
});

test("auto follows the server; string is always strings; redisjson without the module is a UserError", () => {
  expect(chooseJsonStorage("auto", true).storage).toBe("redisjson");
  expect(chooseJsonStorage("auto", false)).toEqual({ storage: "string", note: "RedisJSON not loaded on this server: JSON values written as strings, read with GET and parse" });
  expect(chooseJsonStorage("string", true).storage).toBe("string");
  expect(chooseJsonStorage("redisjson", true).storage).toBe("redisjson");
  expect(() => chooseJsonStorage("redisjson", false)).toThrow(UserError);
  expect(() => chooseJsonStorage("redisjson", false)).toThrow(/load the module \(redis-stack\) or set json: "auto"/);
});
