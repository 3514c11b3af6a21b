import { expect, test } from "bun:test";
import { createBackend, describe as describeBackend, forgetLoggedChoice, resolveChoice } from "./select.ts";

const never = async () => {
  throw new Error("the adapter must not be probed");
};

test("an explicit choice wins over the environment and never probes the adapter", async () => {
  expect(await resolveChoice("cpu", { SHORTLIST_BACKEND: "webgpu" }, never)).toEqual({ backend: "cpu", reason: "requested" });
  expect((await resolveChoice("webgpu", {}, never)).backend).toBe("webgpu");
});

test("SHORTLIST_BACKEND overrides auto; a bad value is a clear error", async () => {
  expect(await resolveChoice("auto", { SHORTLIST_BACKEND: "cpu" }, never)).toEqual({ backend: "cpu", reason: "SHORTLIST_BACKEND" });
  expect((await resolveChoice("auto", { SHORTLIST_BACKEND: " webgpu " }, never)).backend).toBe("webgpu");
  await expect(resolveChoice("auto", { SHORTLIST_BACKEND: "gpu" }, never)).rejects.toThrow(/expected "cpu" or "webgpu"/);
});

test("auto follows the hardware probe", async () => {
  expect((await resolveChoice("auto", {}, async () => true)).backend).toBe("webgpu");
  expect(await resolveChoice("auto", {}, async () => false)).toEqual({ backend: "cpu", reason: "auto: no hardware GPU adapter" });
  await expect(resolveChoice("tpu" as never, {}, never)).rejects.toThrow(RangeError);
});

test("createBackend logs its first choice once and describe() names backend and reason", async () => {
  const lines: string[] = [];
  forgetLoggedChoice();
  const a = await createBackend("auto", { env: { SHORTLIST_BACKEND: "cpu" }, log: (l) => lines.push(l) });
  const b = await createBackend("cpu", { log: (l) => lines.push(l) });
  expect(a.name).toBe("cpu");
  expect(describeBackend(a)).toContain("(SHORTLIST_BACKEND)");
  expect(describeBackend(b)).toMatch(/^core-gpu backend cpu: CPU: .* \(requested\)$/);
  expect(lines).toEqual([describeBackend(a)]);
  await a.dispose();
  await b.dispose();
});
