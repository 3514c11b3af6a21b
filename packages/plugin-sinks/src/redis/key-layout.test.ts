import { expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { globEscape, keyPattern, namespaceOf, pointerKey } from "./key-layout.ts";

const dec = (b: Uint8Array) => new TextDecoder().decode(b);

test("a template splits around {id} after its variables are filled in", () => {
  const p = keyPattern("i2iKey", "I2I:{algo}:{id}:x", { algo: "swing" });
  expect(dec(p.head)).toBe("I2I:swing:");
  expect(dec(p.tail)).toBe(":x");
  expect(p.text).toBe("I2I:swing:{id}:x");
});

test("templates without exactly one {id}, or with unknown variables, are user errors", () => {
  expect(() => keyPattern("userKey", "USER", {})).toThrow(UserError);
  expect(() => keyPattern("userKey", "{id}:{id}", {})).toThrow(/exactly once/);
  expect(() => keyPattern("userKey", "U:{algo}:{id}", {})).toThrow(/uses \{algo\}, which this key does not have \(it has \{id\}\)/);
});

test("namespaces and the pointer key carry the prefix", () => {
  expect(namespaceOf("app:", 12)).toBe("app:v12:");
  expect(pointerKey("app:")).toBe("app:current");
});

test("globEscape makes glob characters literal", () => {
  expect(globEscape("a*b?c[d]e\\")).toBe("a\\*b\\?c\\[d\\]e\\\\");
  expect(globEscape("plain:")).toBe("plain:");
});
