/** The README's plugin example is the fixture the tests run, verbatim; its quick start stays two commands. */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

test("the plugin example in the README is test/fixtures/counting-plugin.ts", () => {
  const m = /<!-- plugin-example:start -->\n```ts\n([\s\S]*?)```\n<!-- plugin-example:end -->/.exec(readme);
  expect(m).not.toBeNull();
  expect(m![1]).toBe(readFileSync(join(root, "test/fixtures/counting-plugin.ts"), "utf8"));
});

test("the quick start has exactly the demo and test commands, and both are package scripts", () => {
  const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  const commands = block.split("\n").filter((l) => l.trim()).map((l) => l.replace(/#.*$/, "").trim());
  expect(commands).toEqual(["npm run demo", "npm test"]);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  expect(pkg.scripts.demo).toContain("examples/movielens.yaml");
  expect(pkg.scripts.test).toContain("bun test");
});
