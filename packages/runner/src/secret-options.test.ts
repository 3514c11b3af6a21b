import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { fingerprint } from "./store/manifest.ts";
import { isSecret, redactOptions, redactUrls, secret } from "./secret-options.ts";

const schema = z.object({
  url: secret(z.string().default("redis://127.0.0.1:6379/0")),
  token: secret(z.string().optional()),
  uri: secret(z.string()),
  note: z.string().default(""),
  nested: z.object({ password: secret(z.string()) }).optional(),
});

describe("secret options", () => {
  test("secret() marks a schema, through optional and default wrappers", () => {
    expect(isSecret(schema.shape.url)).toBe(true);
    expect(isSecret(schema.shape.token)).toBe(true);
    expect(isSecret(schema.shape.note)).toBe(false);
  });

  test("URL userinfo is removed everywhere, a password with @ included", () => {
    expect(redactUrls("redis://:p@ss@db:6379/0")).toBe("redis://***@db:6379/0");
    expect(redactUrls("see mongodb://u:pw@a,b/x and redis://h/0")).toBe("see mongodb://***@a,b/x and redis://h/0");
  });

  test("secret options are redacted (a URL keeps its host), others only lose URL passwords, the fingerprint does not change", () => {
    const options = { url: "redis://:pw@db:6379/2", token: "tok", uri: "mongodb://h/db?tlsCertificateKeyFilePassword=x", note: "from redis://u:pw2@h", nested: { password: "pw3" } };
    const before = fingerprint({ plugin: "p", version: "1", use: "s", options, seed: 1, inputs: {} });
    const shown = JSON.stringify(redactOptions(schema, options));
    for (const s of ["pw", "tok", "tlsCertificateKeyFilePassword=x", "pw2", "pw3"]) expect(shown).not.toContain(`${s}"`);
    expect(redactOptions(schema, options)).toEqual({ url: "redis://***@db:6379/2", token: "***", uri: "mongodb://h/db?***", note: "from redis://***@h", nested: { password: "***" } });
    expect(fingerprint({ plugin: "p", version: "1", use: "s", options, seed: 1, inputs: {} })).toBe(before);
  });
});
