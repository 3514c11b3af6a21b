import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPluginPath, isPackageSpec, PluginPathRefused } from "./plugin-path.ts";

test("package specifiers and paths", () => {
  for (const s of ["@shortlist/plugin-data", "shortlist-plugin-x", "shortlist-plugin-x/sub/entry.ts", "zod", "my_plugin"]) expect(isPackageSpec(s)).toBe(true);
  for (const s of ["./p.ts", "../p.ts", "/abs/p.ts", "pkg/../../etc/p.ts", "pkg/./p.ts", "file:///tmp/p.ts", "#internal", "@scope/../x", ".hidden"]) expect(isPackageSpec(s)).toBe(false);
});

test("paths inside the pipeline's folder or an allowed one pass; others, symlinked or not, are refused", () => {
  const root = mkdtempSync(join(tmpdir(), "plugin-path-"));
  const pipes = join(root, "pipes");
  const other = join(root, "other");
  mkdirSync(join(pipes, "sub"), { recursive: true });
  mkdirSync(other);
  writeFileSync(join(other, "p.ts"), "");
  symlinkSync(join(other, "p.ts"), join(pipes, "link.ts"));
  expect(() => checkPluginPath("./sub/p.ts", pipes, [])).not.toThrow();
  expect(() => checkPluginPath("@shortlist/plugin-data", pipes, [])).not.toThrow();
  expect(() => checkPluginPath("../other/p.ts", pipes, [])).toThrow(PluginPathRefused);
  expect(() => checkPluginPath("./link.ts", pipes, [])).toThrow(`plugin file ${join(other, "p.ts")} is outside the pipeline's folder ${pipes}`);
  expect(() => checkPluginPath("../pipes-evil/p.ts", pipes, [])).toThrow(PluginPathRefused); // a sibling sharing the prefix
  expect(() => checkPluginPath("./link.ts", pipes, [other])).not.toThrow();
});
