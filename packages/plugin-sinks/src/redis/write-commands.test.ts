import { expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { keyFamily } from "./key-families.ts";
import { RespWriter } from "./resp.ts";
import { encodeExists, encodeWrites, keyNames } from "./write-commands.ts";

const templates = { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "FEATURES:{table}:{id}" };
const ns = new TextEncoder().encode("p:v2:");
const recs = keyFamily("recs.a", table({
  user: new Int32Array([1, 2]), rank: new Int32Array([0, 0]), item: new Int32Array([5, 6]), score: new Float32Array([1, 1]),
}), templates);
const feats = keyFamily("features.item", table({ item: new Int32Array([9]), pop: new Int32Array([3]) }), templates);

/** Parses RESP arrays of bulk strings back into argument lists (enough for these tests). */
function args(bytes: Buffer): string[] {
  const out: string[] = [];
  let i = bytes.indexOf("\r\n") + 2;
  while (i < bytes.length) {
    const nl = bytes.indexOf("\r\n", i);
    const len = Number(bytes.subarray(i + 1, nl).toString());
    out.push(bytes.subarray(nl + 2, nl + 2 + len).toString());
    i = nl + 2 + len + 2;
  }
  return out;
}

test("string JSON without TTL is one MSET for the whole batch", () => {
  const cmds = encodeWrites(new RespWriter(), recs, 0, 2, ns, { json: "string", ttlSeconds: 0 });
  expect(cmds.map((c) => c.name)).toEqual(["mset"]);
  expect(args(cmds[0]!.bytes)).toEqual([
    "MSET", "p:v2:USER:1", '{"user_id":1,"recommendations":[5]}', "p:v2:USER:2", '{"user_id":2,"recommendations":[6]}',
  ]);
});

test("a TTL turns the batch into SET … EX per key", () => {
  const cmds = encodeWrites(new RespWriter(), recs, 1, 2, ns, { json: "string", ttlSeconds: 60 });
  expect(cmds.map((c) => args(c.bytes))).toEqual([["SET", "p:v2:USER:2", '{"user_id":2,"recommendations":[6]}', "EX", "60"]]);
});

test("RedisJSON writes JSON.SET at the root path, with EXPIRE when a TTL is set", () => {
  const cmds = encodeWrites(new RespWriter(), recs, 0, 1, ns, { json: "redisjson", ttlSeconds: 5 });
  expect(cmds.map((c) => c.name)).toEqual(["json.set", "expire"]);
  expect(cmds.map((c) => args(c.bytes))).toEqual([
    ["JSON.SET", "p:v2:USER:1", "$", '{"user_id":1,"recommendations":[5]}'],
    ["EXPIRE", "p:v2:USER:1", "5"],
  ]);
});

test("feature rows are HSET per key", () => {
  const cmds = encodeWrites(new RespWriter(), feats, 0, 1, ns, { json: "string", ttlSeconds: 0 });
  expect(cmds.map((c) => args(c.bytes))).toEqual([["HSET", "p:v2:FEATURES:item:9", "pop", "3"]]);
});

test("an empty range writes nothing", () => {
  expect(encodeWrites(new RespWriter(), recs, 1, 1, ns, { json: "string", ttlSeconds: 0 })).toEqual([]);
});

test("EXISTS lists the batch's keys; keyNames gives them as strings", () => {
  const [cmd] = encodeExists(new RespWriter(), recs, 0, 2, ns);
  expect(args(cmd!.bytes)).toEqual(["EXISTS", "p:v2:USER:1", "p:v2:USER:2"]);
  expect(keyNames(recs, 0, 2, "x:", new RespWriter())).toEqual(["x:USER:1", "x:USER:2"]);
});
