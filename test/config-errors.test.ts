/** Broken pipeline files: each gives exit 2 and a message naming file:line:col, what was expected and the fix. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { FIXTURES, shortlist, writePipeline } from "./cli-helpers.ts";

const plugin = JSON.stringify(join(FIXTURES, "counting-plugin.ts"));

async function expectConfigError(yaml: string, line: number, col: number, ...fragments: (string | RegExp)[]) {
  const file = writePipeline(yaml);
  const r = await shortlist(["validate", file], { NOT_SET_ANYWHERE: "" });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${file}:${line}:${col}:`);
  for (const f of fragments) expect(r.stderr).toMatch(f);
  // run refuses the same way, before writing anything
  const run = await shortlist(["run", file, "--out", join(file, "..", "run")]);
  expect(run.code).toBe(2);
  return r.stderr;
}

describe("config errors", () => {
  test("bad YAML", async () => {
    await expectConfigError(`name: x\nstages:\n  - use: count.numbers\n   with: {n: 3}\n`, 4, 1, /invalid YAML/, /fix:/);
  });

  test("unknown stage, with a suggestion", async () => {
    await expectConfigError(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbrs\n`, 4, 10, /unknown stage "count.numbrs"/, /did you mean "count.numbers"\?/);
  });

  test("unknown option, with the nearest known one", async () => {
    await expectConfigError(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbers\n    with:\n      nn: 3\n`, 6, 7, /stages\[0\]\.with\.nn/, /unknown option "nn"/, /expected: one of: n/, /did you mean "n"\?/);
  });

  test("wrong type", async () => {
    await expectConfigError(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbers\n    with:\n      n: lots\n`, 6, 10, /stages\[0\]\.with\.n/, /got "lots"/, /expected: integer/);
  });

  test("missing required variable", async () => {
    await expectConfigError(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbers\n    with:\n      n: \${NOT_SET_ANYWHERE:?set it to a count}\n`, 6, 10, /required variable NOT_SET_ANYWHERE is not set: set it to a count/, /fix: export NOT_SET_ANYWHERE=/);
  });

  test("input produced by no earlier stage", async () => {
    await expectConfigError(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.square\n  - use: count.numbers\n`, 4, 10, /input "numbers" of count.square is produced by no earlier stage/, /move stage count.numbers before count.square/);
  });

  test("unknown top-level key", async () => {
    await expectConfigError(`name: x\nstage:\n  - use: count.numbers\n`, 2, 1, /unknown key "stage"/, /did you mean "stages"\?/);
  });

  test("a plugin that is not installed", async () => {
    await expectConfigError(`name: x\nplugins: ["@shortlist/plugin-nope"]\nstages:\n  - use: count.numbers\n`, 2, 11, /not installed/);
  });

  test("plugin speaking another apiVersion is refused, naming the version the runner speaks", async () => {
    const dir = join(writePipeline("x"), "..");
    await Bun.write(join(dir, "future.ts"), `export default { name: "future", version: "9.0.0", apiVersion: 2, stages: {} };`);
    const file = join(dir, "p.yaml");
    await Bun.write(file, `name: x\nplugins: ["./future.ts"]\nstages:\n  - use: eval.recs\n`);
    const r = await shortlist(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/declares apiVersion 2, but this runner .* speaks apiVersion 1/);
  });

  test("two plugins registering one stage name is an error naming both", async () => {
    const dir = join(writePipeline("x"), "..");
    await Bun.write(join(dir, "twin.ts"), `import p from ${plugin}; export default { ...p, name: "twin-plugin" };`);
    const file = join(dir, "p.yaml");
    await Bun.write(file, `name: x\nplugins: [${plugin}, "./twin.ts"]\nstages:\n  - use: count.numbers\n`);
    const r = await shortlist(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/registered by two plugins: counting-plugin@1.0.0 and twin-plugin@1.0.0/);
  });

  test("variables are substituted in values only, with defaults and $$", async () => {
    const file = writePipeline(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbers\n    with:\n      n: \${COUNT:-4}\n  - use: count.sum\n    with:\n      of: "num$$bers"\n`);
    const r = await shortlist(["validate", file]);
    // "num$bers" is not an artifact: proves $$ became a literal $ in a quoted value
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('input "num$bers"');
  });

  test("YAML anchors and merge keys share option blocks", async () => {
    const file = writePipeline(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbers\n    with: &opts\n      n: 4\n  - use: count.square\n    id: a\n  - use: count.square\n    id: b\n    with:\n      <<: { power: 3 }\n      delayMs: 0\n`);
    const r = await shortlist(["validate", file]);
    expect(r.code).toBe(0);
    const bad = writePipeline(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbers\n    with:\n      <<: 5\n`);
    const e = await shortlist(["validate", bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/pipeline\.yaml:1:1: cannot read the pipeline/);
  });

  test("a bad --set names the flag, not a position in the file", async () => {
    const file = writePipeline(`name: x\nplugins: [${plugin}]\nstages:\n  - use: count.numbers\n    with:\n      n: 3\n`);
    for (const [flag, message] of [
      ["stages[0].with.n=lots", 'Invalid input: expected number, received string (got "lots")'],
      ["stages[count.numbers].with.nn=3", 'stages[0].with.nn: unknown option "nn" of count.numbers'],
      ["stages[3].with.n=1", "stages has 1 item (stages[0] to stages[0]); there is no stages[3]"],
    ] as const) {
      const r = await shortlist(["validate", file, "--set", flag]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--set ${flag}: ${message}`);
      expect(r.stderr).not.toContain(`${file}:`);
    }
  });

  test("a user error inside a stage exits 2; an internal error exits 1", async () => {
    const dir = join(writePipeline("x"), "..");
    const boom = JSON.stringify(join(FIXTURES, "failing-plugin.ts"));
    await Bun.write(join(dir, "u.yaml"), `name: u\nplugins: [${boom}]\nstages:\n  - use: boom.user\n`);
    await Bun.write(join(dir, "b.yaml"), `name: b\nplugins: [${boom}]\nstages:\n  - use: boom.bug\n`);
    const u = await shortlist(["run", join(dir, "u.yaml"), "--out", join(dir, "ru")]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('[boom] stage "boom.user": data.csv:3: bad row');
    const b = await shortlist(["run", join(dir, "b.yaml"), "--out", join(dir, "rb")]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("internal error");
  });
});
