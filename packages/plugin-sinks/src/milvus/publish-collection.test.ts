import { expect, test } from "bun:test";
import type { ResStatus } from "@zilliz/milvus2-sdk-node";
import { ensureOk } from "./publish-collection.ts";

const status = (s: Partial<ResStatus>) => ({ extra_info: {}, reason: "", retriable: false, detail: "", error_code: "Success", code: 0, ...s }) as ResStatus;

test("Milvus statuses that report failure become errors with the server's reason", () => {
  expect(() => ensureOk(status({}), "insert")).not.toThrow();
  expect(() => ensureOk(status({ error_code: 0 }), "insert")).not.toThrow();
  expect(() => ensureOk(status({ error_code: "UnexpectedError", code: 65535, reason: "collection not found" }), "insert into x"))
    .toThrow("Milvus insert into x failed: collection not found");
  expect(() => ensureOk(status({ code: 100, reason: "" , detail: "rate limited" }), "insert")).toThrow(/rate limited/);
});
