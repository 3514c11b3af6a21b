import { expect, test } from "bun:test";
import { RespWriter } from "./resp.ts";

test("encodes commands as RESP arrays of bulk strings", () => {
  const w = new RespWriter();
  w.command(["SET", "k", "v"]);
  w.begin(2).bulkAscii("GET").bulkUtf8("é").end("GET");
  const [a, b, ...rest] = w.take();
  expect(rest).toEqual([]);
  expect(a!.name).toBe("set");
  expect(a!.bytes.toString()).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
  // Lengths count UTF-8 bytes, not characters.
  expect(b!.bytes.toString()).toBe("*2\r\n$3\r\nGET\r\n$2\r\né\r\n");
});

test("bulkArg writes the scratch argument with its byte length", () => {
  const w = new RespWriter();
  w.begin(2).bulkAscii("ECHO");
  w.arg.reset().ascii('{"a":').int(-12).ascii("}");
  w.bulkArg().end("ECHO");
  expect(w.take()[0]!.bytes.toString()).toBe('*2\r\n$4\r\nECHO\r\n$9\r\n{"a":-12}\r\n');
});

test("take resets the writer and returns copies that later writes do not change", () => {
  const w = new RespWriter();
  w.command(["PING"]);
  const first = w.take();
  w.command(["ECHO", "xyz"]);
  const second = w.take();
  expect(first.map((c) => String(c.bytes))).toEqual(["*1\r\n$4\r\nPING\r\n"]);
  expect(second.map((c) => String(c.bytes))).toEqual(["*2\r\n$4\r\nECHO\r\n$3\r\nxyz\r\n"]);
});
