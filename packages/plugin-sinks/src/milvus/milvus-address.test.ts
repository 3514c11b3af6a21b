import { expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { parseMilvusAddress } from "./milvus-address.ts";

test("accepts host, host:port and http(s) URLs; https means TLS", () => {
  expect(parseMilvusAddress("localhost")).toEqual({ address: "localhost:19530", ssl: false });
  expect(parseMilvusAddress("10.0.0.5:19531")).toEqual({ address: "10.0.0.5:19531", ssl: false });
  expect(parseMilvusAddress("http://milvus:19530/")).toEqual({ address: "milvus:19530", ssl: false });
  expect(parseMilvusAddress("https://in01.zillizcloud.com:443")).toEqual({ address: "in01.zillizcloud.com:443", ssl: true });
  expect(parseMilvusAddress("[::1]:19530")).toEqual({ address: "[::1]:19530", ssl: false });
});

test("refuses anything else with the expected form", () => {
  for (const a of ["", "redis://h:1", "h:port", "h:0", "h:70000", "h/x/y", "user@h:1"]) expect(() => parseMilvusAddress(a)).toThrow(UserError);
  expect(() => parseMilvusAddress("grpc://h")).toThrow(/expected host:port \(e\.g\. localhost:19530\)/);
});
