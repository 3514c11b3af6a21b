import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import plugin from "./index.ts";

const readme = readFileSync(join(import.meta.dir, "..", "README.md"), "utf8");
const shapeOf = (schema: unknown) => (schema as z.ZodObject).shape as Record<string, z.ZodType>;

test("the plugin speaks API 1 and its stages are sinks", () => {
  expect(plugin.apiVersion).toBe(1);
  expect(plugin.name).toBe("@shortlist/plugin-sinks");
  expect(Object.keys(plugin.stages)).toEqual(["sink.parquet", "sink.redis", "sink.mongodb", "sink.milvus"]);
  for (const s of Object.values(plugin.stages)) expect(s.kind).toBe("sink");
});

test("every option has a description, and the README names it", () => {
  for (const [name, stage] of Object.entries(plugin.stages)) {
    for (const [key, option] of Object.entries(shapeOf(stage.options))) {
      expect(`${name}.${key}: ${option.description ?? ""}`.length).toBeGreaterThan(`${name}.${key}: `.length + 10);
      expect(readme).toContain(`\`${key}\``);
    }
  }
});

test("every stage parses an empty option object (everything has a default)", () => {
  for (const stage of Object.values(plugin.stages)) expect(stage.options.safeParse({}).success).toBe(true);
});
