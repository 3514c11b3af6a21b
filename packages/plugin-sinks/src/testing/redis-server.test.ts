import { expect, test, setDefaultTimeout } from "bun:test";
import Redis from "ioredis";
import { startRedisServer, waitForPong } from "./redis-server.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

test("starts on a free port, survives a kill and restart on the same port, and stops", async () => {
  const s = await startRedisServer();
  const r = new Redis(s.url, { lazyConnect: true, retryStrategy: () => null });
  try {
    await r.connect();
    await r.set("k", "v");
    // No persistence: a restarted server starts empty.
    expect(await r.config("GET", "save")).toEqual(["save", ""]);
    await s.kill();
    await expect(waitForPong(s.port, 200)).rejects.toThrow(/did not answer PING/);
    await s.restart();
    const again = new Redis(s.url);
    expect(await again.get("k")).toBeNull();
    again.disconnect();
  } finally {
    r.disconnect();
    await s.stop();
  }
  await expect(waitForPong(s.port, 200)).rejects.toThrow();
  await s.stop();
});
