import { expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { parseMongoUri } from "./mongo-uri.ts";

test("accepts the usual forms and hides credentials", () => {
  expect(parseMongoUri("mongodb://localhost")).toEqual({ uri: "mongodb://localhost", display: "mongodb://localhost/", database: undefined });
  const t = parseMongoUri("mongodb://user:s3cret@db1:27017,db2:27018/reco?replicaSet=rs0");
  expect(t.display).toBe("mongodb://db1:27017,db2:27018/reco");
  expect(t.database).toBe("reco");
  expect(parseMongoUri("mongodb+srv://u:p@cluster0.example.net/app").database).toBe("app");
  expect(parseMongoUri("mongodb://[::1]:27017/").display).toBe("mongodb://[::1]:27017/");
});

test("refuses what is not a MongoDB connection string, saying what is expected", () => {
  const bad = ["localhost:27017", "http://h/db", "mongodb://", "mongodb://h:99999/db", "mongodb://h:x/db", "mongodb+srv://h:27017/db", "mongodb+srv://a,b/db", "mongodb://h/my.db"];
  for (const uri of bad) expect(() => parseMongoUri(uri)).toThrow(UserError);
  expect(() => parseMongoUri("redis://h")).toThrow(/expected mongodb:\/\/\[user:password@\]host/);
  expect(() => parseMongoUri("mongodb://u:s3cret@h:0/db")).toThrow(/port 0/);
  expect(() => parseMongoUri("mongodb://u:s3cret@h:0/db")).not.toThrow(/s3cret/);
});
