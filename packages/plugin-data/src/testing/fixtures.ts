/**
 * Test helpers: temporary fixture folders written per test, and the shared real datasets
 * (`<repo>/../shared/data`), which tests skip with a printed reason when absent.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Writes `files` (name → text or bytes) into a fresh temporary folder and returns its path.
 * @example const dir = fixtureDir({ "ratings.dat": "1::1::5::1\n" })
 */
export function fixtureDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "plugin-data-"));
  for (const [name, body] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(resolve(p, ".."), { recursive: true });
    writeFileSync(p, body);
  }
  return dir;
}

/** The shared data folder beside the checkout. */
export const SHARED_DATA = resolve(import.meta.dir, "../../../../../shared/data");

/**
 * Path of a shared dataset, or undefined after printing why tests using it are skipped.
 * @example const ml100k = sharedDataset("ml-100k"); test.skipIf(!ml100k)(…)
 */
export function sharedDataset(name: string): string | undefined {
  const p = join(SHARED_DATA, name);
  if (existsSync(p)) return p;
  console.log(`skipping tests on ${name}: ${p} is absent (real datasets live in ../shared/data beside the checkout)`);
  return undefined;
}

/**
 * The error a promise rejects with; fails the test when it resolves instead.
 * @example const e = await rejection(runStage(plugin, "data.movielens", { options: { path: "/nope" } }))
 */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure, but it succeeded");
}
