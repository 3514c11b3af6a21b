/** parseCli (issue 17 item 3): every flag in both forms, per-command help, and the mistakes a user makes. */
import { describe, expect, test } from "bun:test";
import { parseCli } from "./cli-args.ts";
import { UserError } from "./errors.ts";

const fails = (argv: string[]) => {
  try {
    parseCli(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error(`parseCli(${JSON.stringify(argv)}) did not fail`);
};

describe("parseCli", () => {
  test("every existing flag, as --flag value and --flag=value, repeatable ones collected in order", () => {
    const a = parseCli(["run", "p.yaml", "--out", "o", "--set", "seed=7", "--set=stages[0].with.k=[10]", "--fresh", "--only", "a", "--only=b", "--allow-plugin-path", "x", "--allow-plugin-path=y"]);
    expect(a).toEqual({ command: "run", files: ["p.yaml"], out: "o", sets: ["seed=7", "stages[0].with.k=[10]"], fresh: true, json: false, services: false, only: ["a", "b"], allowPluginPaths: ["x", "y"] });
    expect(parseCli(["run", "--out=o", "p.yaml"])).toMatchObject({ files: ["p.yaml"], out: "o" });
    expect(parseCli(["plugins", "--json"])).toMatchObject({ command: "plugins", files: [], json: true });
    expect(parseCli(["validate", "a.yaml", "b.yaml", "--services"])).toMatchObject({ command: "validate", files: ["a.yaml", "b.yaml"], services: true });
  });
  test("help and version", () => {
    expect(parseCli([])).toEqual({ command: "help", code: 2 });
    expect(parseCli(["--help"])).toEqual({ command: "help", topic: undefined, code: 0 });
    expect(parseCli(["run", "--help"])).toEqual({ command: "help", topic: "run", code: 0 });
    expect(parseCli(["validate", "-h"])).toEqual({ command: "help", topic: "validate", code: 0 });
    expect(parseCli(["help", "plugins"])).toEqual({ command: "help", topic: "plugins", code: 0 });
    expect(parseCli(["--version"])).toEqual({ command: "version" });
    expect(parseCli(["-v"])).toEqual({ command: "version" });
  });
  test("a misspelt flag or command gets the nearest name; a flag of another command says whose", () => {
    expect(fails(["run", "p.yaml", "--frsh"])).toBe('unknown flag --frsh for "shortlist run": did you mean --fresh? (see shortlist run --help)');
    expect(fails(["plugins", "--jsn"])).toContain("did you mean --json?");
    expect(fails(["validate", "p.yaml", "--fresh"])).toContain('it is a flag of "shortlist run"');
    expect(fails(["rnu", "p.yaml"])).toContain('unknown command "rnu": did you mean "run"?');
    expect(fails(["--fresh", "run"])).toContain("give a command first");
  });
  test("missing values and files, values given to switches, extra files", () => {
    expect(fails(["run", "p.yaml", "--out"])).toContain("--out needs a value");
    expect(fails(["run", "p.yaml", "--out", "--fresh"])).toContain("--out needs a value"); // not a folder named --fresh
    expect(fails(["run", "p.yaml", "--fresh=yes"])).toContain("--fresh takes no value");
    expect(fails(["run"])).toContain("shortlist run needs <pipeline.yaml>");
    expect(fails(["validate"])).toContain("shortlist validate needs <pipeline.yaml>...");
    expect(fails(["run", "a.yaml", "b.yaml"])).toContain('not also "b.yaml"');
  });
});
