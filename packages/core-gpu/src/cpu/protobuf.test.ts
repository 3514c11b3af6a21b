import { expect, test } from "bun:test";
import { ProtoWriter } from "./protobuf.ts";

test("varints follow the protobuf spec example (field 1 = 150)", () => {
  expect([...new ProtoWriter().int(1, 150).finish()]).toEqual([0x08, 0x96, 0x01]);
});

test("negative ints are 10-byte two's complement varints", () => {
  const b = new ProtoWriter().int(3, -1).finish();
  expect(b.length).toBe(11);
  expect(b[10]).toBe(0x01);
});

test("strings and nested messages are length-delimited", () => {
  expect([...new ProtoWriter().string(2, "testing").finish()]).toEqual([0x12, 7, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
  const inner = new ProtoWriter().int(1, 150);
  expect([...new ProtoWriter().bytes(3, inner).finish()]).toEqual([0x1a, 3, 0x08, 0x96, 0x01]);
});

test("floats are little-endian fixed32", () => {
  expect([...new ProtoWriter().float(2, 1).finish()]).toEqual([0x15, 0, 0, 0x80, 0x3f]);
});
