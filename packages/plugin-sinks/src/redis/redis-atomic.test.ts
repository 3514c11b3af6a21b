/**
 * A reader that resolves the pointer and then reads many keys must see one publication whole:
 * every snapshot taken while a second publication is written, switched and retired is all-old or
 * all-new, and never has a missing key.
 */
import { expect, test } from "bun:test";
import Redis from "ioredis";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { expectedRecs, recsTable } from "../testing/fixtures.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";

const redis = useRedisServer();

const USERS = 20_000, K = 20, SAMPLE = 400;
const OLD = 0, NEW = 50_000;

/** Which publication a value came from, by its content. */
function versionOf(u: number, raw: string | null): "old" | "new" | "missing" | "corrupt" {
  if (raw === null) return "missing";
  const recs = (JSON.parse(raw) as { recommendations: number[] }).recommendations;
  if (JSON.stringify(recs) === JSON.stringify(expectedRecs(u, K, OLD))) return "old";
  if (JSON.stringify(recs) === JSON.stringify(expectedRecs(u, K, NEW))) return "new";
  return "corrupt";
}

test("a concurrent reader never sees a mix of two publications", async () => {
  const options = { url: redis.server.url, artifacts: ["recs.itemcf"], batchSize: 100, retireDelayMs: 300 };
  await runStage(plugin, "sink.redis", { inputs: { "recs.itemcf": recsTable(USERS, K, OLD) }, options });

  const reader = new Redis(redis.server.url);
  const counts = { old: 0, new: 0, mixed: 0, missing: 0, corrupt: 0 };
  let publishing = true;
  let afterwards = 0;
  const readLoop = (async () => {
    // Keep reading until the publication finished and a few snapshots were taken after it.
    while (publishing || afterwards++ < 20) {
      const users = Array.from({ length: SAMPLE }, () => 1 + Math.floor(Math.random() * USERS));
      const v = await reader.get("shortlist:current");
      const values = await reader.mget(users.map((u) => `shortlist:v${v}:USER:${u}`));
      const kinds = new Set(values.map((raw, i) => versionOf(users[i]!, raw)));
      if (kinds.has("missing")) counts.missing++;
      else if (kinds.has("corrupt")) counts.corrupt++;
      else if (kinds.size > 1) counts.mixed++;
      else counts[kinds.has("old") ? "old" : "new"]++;
    }
  })();
  try {
    await runStage(plugin, "sink.redis", { inputs: { "recs.itemcf": recsTable(USERS, K, NEW) }, options });
  } finally {
    publishing = false;
    await readLoop;
    reader.disconnect();
  }
  expect({ mixed: counts.mixed, missing: counts.missing, corrupt: counts.corrupt }).toEqual({ mixed: 0, missing: 0, corrupt: 0 });
  // The reader really overlapped the publication: it saw both sides of the switch.
  expect(counts.old).toBeGreaterThan(0);
  expect(counts.new).toBeGreaterThan(0);
}, 60_000);

test("a reader that reads plain keys during a rename publication can see a mix (why pointer is the default)", async () => {
  const c = new Redis(redis.server.url);
  await c.flushall();
  const options = { url: redis.server.url, artifacts: ["recs.itemcf"], prefix: "r:", publish: "rename", batchSize: 100 };
  await runStage(plugin, "sink.redis", { inputs: { "recs.itemcf": recsTable(USERS, K, OLD) }, options });
  let publishing = true;
  let mixed = 0;
  const readLoop = (async () => {
    while (publishing) {
      const users = Array.from({ length: SAMPLE }, (_, i) => 1 + Math.floor((i * USERS) / SAMPLE));
      const values = await c.mget(users.map((u) => `r:USER:${u}`));
      const kinds = new Set(values.map((raw, i) => versionOf(users[i]!, raw)));
      expect(kinds.has("missing") || kinds.has("corrupt")).toBe(false);
      if (kinds.size > 1) mixed++;
    }
  })();
  try {
    await runStage(plugin, "sink.redis", { inputs: { "recs.itemcf": recsTable(USERS, K, NEW) }, options });
  } finally {
    publishing = false;
    await readLoop;
  }
  const after = await c.mget(["r:USER:1", `r:USER:${USERS}`]);
  expect(after.map((raw, i) => versionOf(i === 0 ? 1 : USERS, raw))).toEqual(["new", "new"]);
  c.disconnect();
  // Not asserted: whether this run happened to catch a mixed snapshot depends on timing.
  console.log(`rename mode: ${mixed} mixed snapshots seen during the renames`);
}, 60_000);
