import { afterAll, beforeAll, expect, test } from "bun:test";
import { UserError } from "../errors.ts";
import { freePort, startRedisServer, type RedisServer } from "../redis-server.ts";
import { checkQueue, withinMs } from "./check-queue.ts";
import { parseQueueUrl } from "./connection.ts";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer(["--requirepass", "s3cret"]);
});
afterAll(() => redis.stop());

test("a reachable queue with the right password passes", async () => {
  await checkQueue(parseQueueUrl(`redis://:s3cret@127.0.0.1:${redis.port}`));
});

test("no server on the port, or a wrong password: a user error naming the address, never the password", async () => {
  const port = await freePort();
  const refused = await checkQueue(parseQueueUrl(`redis://127.0.0.1:${port}`)).catch((e) => e);
  expect(refused).toBeInstanceOf(UserError);
  expect(refused.message).toContain(`cannot reach the queue's Redis at redis://127.0.0.1:${port}/0 (queue shortlist): connect ECONNREFUSED`);
  const denied = await checkQueue(parseQueueUrl(`redis://:wrong@127.0.0.1:${redis.port}`)).catch((e) => e);
  expect(denied).toBeInstanceOf(UserError);
  expect(denied.message).toMatch(/WRONGPASS|invalid password/i);
  expect(denied.message).not.toContain("wrong@");
});

test("withinMs names what did not answer", async () => {
  await expect(withinMs(new Promise(() => {}), 50, "adding jobs")).rejects.toThrow("adding jobs: no answer from Redis in 0 s");
  expect(await withinMs(Promise.resolve(7), 50, "x")).toBe(7);
});
