/**
 * Every ```yaml block in every README.md of the repository is a pipeline file that
 * `shortlist validate` accepts, with no environment variables set (so each `${VAR:-default}` takes
 * its default, and a `${VAR:?message}` fails): an example a reader copies must work as written.
 *
 * - A block that is deliberately partial (a few stages to add to a pipeline) starts with the line
 *   `# fragment`; it is skipped.
 * - A block whose text is exactly a pipeline file of the repository (the README says which, e.g.
 *   test/fixtures/counting.yaml) is validated as that file, so its relative paths (`./my-plugin.ts`,
 *   data paths) resolve where they do for the reader. Any other block is written to a temp folder.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPipeline } from "../packages/runner/src/pipeline-file.ts";

const root = join(import.meta.dir, "..");

/** Tracked and new (not ignored) files matching the patterns, relative to the root. */
function repoFiles(...patterns: string[]): string[] {
  const p = Bun.spawnSync(["git", "ls-files", "--cached", "--others", "--exclude-standard", ...patterns], { cwd: root });
  return p.stdout.toString().split("\n").filter((f) => f !== "");
}

interface YamlBlock {
  readme: string;
  line: number;
  text: string;
}

/**
 * The ```yaml blocks of a markdown text, with the line their first YAML line is on; a block indented
 * inside a list item loses its indentation.
 * @example yamlBlocks("r.md", "```yaml\nname: x\n```\n") // [{ readme: "r.md", line: 2, text: "name: x\n" }]
 */
export function yamlBlocks(readme: string, markdown: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  for (const m of markdown.matchAll(/^( *)```ya?ml[^\n]*\n([\s\S]*?)^\1```/gm)) {
    const indent = m[1]!.length;
    const text = m[2]!.split("\n").map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join("\n");
    blocks.push({ readme, line: markdown.slice(0, m.index).split("\n").length + 1, text });
  }
  return blocks;
}

const pipelineFiles = new Map(repoFiles("*.yaml", "*.yml").map((f) => [readFileSync(join(root, f), "utf8"), join(root, f)]));
const blocks = repoFiles("README.md", "*/README.md").flatMap((f) => yamlBlocks(f, readFileSync(join(root, f), "utf8")));

test("yamlBlocks finds fenced and indented blocks with their line", () => {
  const md = "# t\n\n```yaml\nname: a\n```\n\n- item\n\n  ```yaml\n  name: b\n  seed: 1\n  ```\n";
  expect(yamlBlocks("x.md", md)).toEqual([
    { readme: "x.md", line: 4, text: "name: a\n" },
    { readme: "x.md", line: 10, text: "name: b\nseed: 1\n" },
  ]);
});

describe("README yaml blocks validate", () => {
  test("the READMEs hold pipeline examples to check", () => {
    expect(blocks.filter((b) => !b.text.startsWith("# fragment")).length).toBeGreaterThanOrEqual(5);
  });
  for (const block of blocks) {
    const name = `${block.readme}:${block.line}`;
    if (block.text.startsWith("# fragment")) {
      test.skip(`${name} (marked # fragment)`, () => {});
      continue;
    }
    test(name, async () => {
      let file = pipelineFiles.get(block.text);
      const dir = file ? undefined : mkdtempSync(join(tmpdir(), "shortlist-readme-"));
      file ??= join(dir!, "pipeline.yaml");
      if (dir) writeFileSync(file, block.text);
      try {
        const problem = await loadPipeline(file, { env: {} }).then(() => "", (e: Error) => e.message);
        // The message, not just "threw", placed in the README: a temp file's line L is the block's L-th line.
        const inReadme = !dir ? problem : problem.split(`${file}:`)
          .map((part, i) => (i === 0 ? part : part.replace(/^\d+/, (l) => String(block.line + Number(l) - 1))))
          .join(`${block.readme}:`);
        expect(inReadme).toBe("");
      } finally {
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
