import { expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { ByteBuffer } from "./byte-buffer.ts";
import { checkDistinctPatterns, keyFamily, type KeyTemplates } from "./key-families.ts";
import { RespWriter } from "./resp.ts";

const templates: KeyTemplates = { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "FEATURES:{table}:{id}" };
const dec = (b: ByteBuffer) => new TextDecoder().decode(b.view());

const recs = table({
  user: new Int32Array([1, 1, 1, 4]),
  rank: new Int32Array([0, 1, 2, 0]),
  item: new Int32Array([30, 10, 20, 99]),
  score: new Float32Array([3, 2, 1, 5]),
});

test("recs become one Merlin-shaped JSON document per user, in rank order", () => {
  const f = keyFamily("recs.itemcf", recs, templates);
  expect(f.shape).toBe("json");
  expect([f.keys, f.rows]).toEqual([2, 4]);
  const k = new ByteBuffer(), v = new ByteBuffer();
  if (f.shape !== "json") throw new Error("unreachable");
  f.writeKey(k, 0);
  f.writeValue(v, 0);
  expect(dec(k)).toBe("USER:1");
  expect(JSON.parse(dec(v))).toEqual({ user_id: 1, recommendations: [30, 10, 20] });
  f.writeKey(k.reset(), 1);
  f.writeValue(v.reset(), 1);
  expect([dec(k), JSON.parse(dec(v))]).toEqual(["USER:4", { user_id: 4, recommendations: [99] }]);
});

test("ids outside the digit cache (negative here) are written the same way", () => {
  const f = keyFamily("recs.x", table({ user: Int32Array.from([1, 1]), rank: Int32Array.from([0, 1]), item: Int32Array.from([-5, 3]), score: Float32Array.from([1, 1]) }), templates);
  if (f.shape !== "json") throw new Error("expected json");
  const v = new ByteBuffer();
  f.writeValue(v, 0);
  expect(JSON.parse(dec(v))).toEqual({ user_id: 1, recommendations: [-5, 3] });
});

test("i2i lists carry item ids and float32 scores in their shortest form", () => {
  const i2i = table({
    item: new Int32Array([7, 7]), rank: new Int32Array([0, 1]),
    neighbour: new Int32Array([8, 9]), score: new Float32Array([0.3, 0.125]),
  });
  const f = keyFamily("i2i.swing", i2i, templates);
  if (f.shape !== "json") throw new Error("expected json");
  const k = new ByteBuffer(), v = new ByteBuffer();
  f.writeKey(k, 0);
  f.writeValue(v, 0);
  expect(dec(k)).toBe("I2I:swing:7");
  expect(dec(v)).toBe('[{"item_id":8,"score":0.3},{"item_id":9,"score":0.125}]');
});

test("a NaN score is refused with the row, not written as invalid JSON", () => {
  const i2i = table({ item: new Int32Array([1]), rank: new Int32Array([0]), neighbour: new Int32Array([2]), score: new Float32Array([NaN]) });
  const f = keyFamily("i2i.x", i2i, templates);
  if (f.shape !== "json") throw new Error("expected json");
  expect(() => f.writeValue(new ByteBuffer(), 0)).toThrow(/i2i.x row 0: score is NaN/);
});

test("feature rows become hashes of every other column", () => {
  const feats = table({ user: new Int32Array([5]), age: new Int32Array([31]), rate: new Float32Array([0.75]), zip: ["1000é"] });
  const f = keyFamily("features.user", feats, templates);
  if (f.shape !== "hash") throw new Error("expected hash");
  expect(f.fields).toBe(3);
  const w = new RespWriter();
  w.begin(1 + 2 * f.fields);
  f.writeFields(w, 0);
  w.end("HSET");
  expect(w.take()[0]!.bytes.toString()).toBe("*7\r\n$3\r\nage\r\n$2\r\n31\r\n$4\r\nrate\r\n$4\r\n0.75\r\n$3\r\nzip\r\n$6\r\n1000é\r\n");
  const k = new ByteBuffer();
  f.writeKey(k, 0);
  expect(dec(k)).toBe("FEATURES:user:5");
});

test("artifacts sink.redis cannot lay out, or without their key column, are user errors", () => {
  expect(() => keyFamily("interactions", recs, templates)).toThrow(/cannot write interactions/);
  expect(() => keyFamily("features.item", table({ x: new Int32Array(1) }), templates)).toThrow(UserError);
});

test("two families writing the same keys are refused with the fix", () => {
  const a = keyFamily("recs.itemcf", recs, templates);
  const b = keyFamily("recs.swing", recs, templates);
  expect(() => checkDistinctPatterns([a, b])).toThrow(/recs.itemcf and recs.swing would both be written to keys "USER:\{id\}"/);
  const c = keyFamily("recs.swing", recs, { ...templates, userKey: "USER:{algo}:{id}" });
  expect(() => checkDistinctPatterns([a, c])).not.toThrow();
});
