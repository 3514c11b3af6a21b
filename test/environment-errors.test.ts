/**
 * Faults of the machine, not of Shortlist — a pipeline path that is a folder, an --out that is a
 * file or cannot be created, a full disk, a folder it may not write — exit 2 with a message naming
 * the path (and the stage when a stage's write fails), never an internal error with a stack.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, FIXTURES, shortlistExact, tempDir, type CliResult } from "./cli-helpers.ts";

const pipeline = join(FIXTURES, "counting.yaml");

/** The `error: …` text of a failed run, checked to be a user error with no stack trace. */
function userError(r: CliResult): string {
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(2);
  return r.stderr.slice(r.stderr.indexOf("error: "));
}

const canMountTmpfs = Bun.spawnSync(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /tmp"]).exitCode === 0;
const isRoot = process.getuid?.() === 0;
const canDropToNobody = !isRoot || Bun.spawnSync(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"]).exitCode === 0;

/** Runs the CLI as a user that file permissions apply to (root ignores them: run as nobody). */
async function asUnprivileged(args: string[], home: string): Promise<CliResult> {
  const cmd = isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bun", CLI, ...args] : ["bun", CLI, ...args];
  const p = Bun.spawn(cmd, { env: { ...process.env, HOME: home }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

describe("environment errors", () => {
  test("a pipeline path that is a folder", async () => {
    const dir = tempDir();
    for (const command of ["validate", "run"]) {
      const out = command === "run" ? ["--out", join(dir, "run")] : []; // validate takes no --out (an unknown flag is an error)
      const msg = userError(await shortlistExact([command, dir, ...out]));
      expect(msg).toContain(`cannot read the pipeline file ${dir}: it is a folder, not a file (EISDIR)`);
    }
  });

  test("--out that is a file, or under a file", async () => {
    const file = join(tempDir(), "taken");
    writeFileSync(file, "not a folder");
    for (const out of [file, join(file, "sub")]) {
      const msg = userError(await shortlistExact(["run", pipeline, "--out", out]));
      expect(msg).toContain(`cannot create the run directory ${out}: ${file} is a file, not a folder`);
      expect(msg).toContain("fix: give --out a folder");
    }
  });

  test("--out that cannot be created (ENOENT)", async () => {
    // /proc takes no new folders: mkdir there fails with ENOENT even as root
    const msg = userError(await shortlistExact(["run", pipeline, "--out", "/proc/shortlist-run"]));
    expect(msg).toContain("cannot create the run directory /proc/shortlist-run: no such file or folder (ENOENT)");
  });

  test.skipIf(!canDropToNobody)("--out in a folder this user may not write, and a stage's write into a read-only artifacts/ (EACCES)", async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    mkdirSync(join(root, "locked"), { mode: 0o555 });
    chmodSync(join(root, "locked"), 0o555);
    let msg = userError(await asUnprivileged(["run", pipeline, "--out", join(root, "locked", "run")], root));
    expect(msg).toContain(`cannot create the run directory ${join(root, "locked", "run")}: permission denied (EACCES)`);

    mkdirSync(join(root, "run", "artifacts"), { recursive: true });
    chmodSync(join(root, "run"), 0o777);
    chmodSync(join(root, "run", "artifacts"), 0o555);
    msg = userError(await asUnprivileged(["run", pipeline, "--out", join(root, "run")], root));
    expect(msg).toContain(`stage "count.numbers": cannot write ${join(root, "run", "artifacts", "numbers.parquet")}: permission denied (EACCES)`);
  });

  // a real full disk: a 64 KiB tmpfs mounted in a private mount namespace (no root needed, and it
  // vanishes with the process); 100,000 numbers make a parquet file larger than that
  test.skipIf(!canMountTmpfs)("a full disk (ENOSPC) names the stage and the file, and leaves no temporary file", async () => {
    const out = tempDir();
    const script = `mount -t tmpfs -o size=64k tmpfs "$1" || exit 99; bun "$2" run "$3" --out "$1/run"; rc=$?; echo "left: $(ls -A "$1/run/artifacts")"; exit $rc`;
    const p = Bun.spawn(["unshare", "-rm", "sh", "-c", script, "sh", out, CLI, pipeline], { env: { ...process.env, N: "100000" }, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    const msg = userError({ code, stdout, stderr });
    expect(msg).toContain(`stage "count.numbers": cannot write ${join(out, "run", "artifacts", "numbers.parquet")}: no space left on the device (ENOSPC)`);
    expect(msg).toContain("fix: free space");
    expect(stdout).toContain("left: \n");
  });
});

if (!canMountTmpfs) console.log("environment-errors: skipping the ENOSPC test: cannot mount a tmpfs in a user namespace (unshare -rm)");
if (!canDropToNobody) console.log("environment-errors: skipping the EACCES test: running as root and setpriv cannot switch to nobody");
