import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashBytes } from "../store/codec.ts";
import { UserError } from "../errors.ts";
import { openStore, s3Store, type SharedStore } from "./shared-store.ts";
import { parseQueueUrl } from "./connection.ts";

async function exercise(store: SharedStore, ns: string) {
  const bytes = crypto.getRandomValues(new Uint8Array(5000));
  const key = await store.put(ns, bytes);
  expect(key).toBe(`${ns}/${hashBytes(bytes)}`);
  expect(await store.put(ns, bytes)).toBe(key); // a duplicate completion writes the same name
  expect(Array.from(await store.get(key))).toEqual(Array.from(bytes));
  expect(await store.list(ns)).toEqual([key]);
  await store.removeAll(ns);
  expect(await store.list(ns)).toEqual([]);
}

test("the directory store writes content-addressed files, reads them back, and removes a namespace with a killed writer's leftovers", async () => {
  const dir = mkdtempSync(join(tmpdir(), "shortlist-store-"));
  const store = openStore(dir);
  await exercise(store, "run-1/1");
  await store.put("run-1/2", Uint8Array.of(1));
  writeFileSync(join(dir, "run-1/2/.abc.tmp-99999-1"), "half"); // what a kill -9 mid-write leaves
  expect((await store.list("run-1/2")).length).toBe(2);
  await store.removeAll("run-1/2");
  expect(await store.list("run-1/2")).toEqual([]);
  await expect(store.put("../escape", Uint8Array.of(1))).rejects.toThrow(/namespace/);
});

test("--store refuses a URL it cannot serve", () => {
  expect(() => openStore("http://example.com/x")).toThrow(UserError);
});

test("--queue URLs: host, port, db, password, queue name; bad ones are user errors", () => {
  expect(parseQueueUrl("redis://:s3cret@10.0.0.5:6390/2?name=ml")).toMatchObject({ connection: { host: "10.0.0.5", port: 6390, db: 2, password: "s3cret" }, name: "ml", display: "redis://10.0.0.5:6390/2 (queue ml)" });
  expect(parseQueueUrl("redis://localhost")).toMatchObject({ connection: { port: 6379, db: 0 }, name: "shortlist" });
  for (const bad of ["localhost:6379", "http://x", "redis://x/abc", "redis://x?name=a:b"]) expect(() => parseQueueUrl(bad)).toThrow(UserError);
});

const s3 = process.env.S3_ENDPOINT && process.env.S3_BUCKET;
if (!s3) console.log("skip: the s3:// store is tested live only when S3_ENDPOINT, S3_BUCKET and credentials (S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY) point at a server");
test.skipIf(!s3)("the s3:// store against a live server (S3_ENDPOINT, S3_BUCKET)", async () => {
  await exercise(s3Store(`s3://${process.env.S3_BUCKET}/shortlist-test`), `run-${Date.now()}/1`);
});
