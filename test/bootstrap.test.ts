/**
 * scripts/bootstrap explains the install scripts Bun blocked ("Blocked 3 postinstalls") instead of
 * leaving a new user to wonder whether the install is broken. Run against a fake `bun` on PATH in a
 * copy of the script's folder, so nothing is installed.
 */
import { expect, test } from "bun:test";
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "./cli-helpers.ts";

const fakeBun = `#!/bin/sh
case "$1 $2" in
  "install --frozen-lockfile") mkdir -p node_modules; echo 'Blocked 3 postinstalls. Run \`bun pm untrusted\` for details.' ;;
  "pm untrusted") printf '%s\\n' 'bun pm untrusted v1' '' './node_modules/onnxruntime-node @1.30.0' ' » [postinstall]: node ./script/install' '' \\
    './node_modules/@grpc/proto-loader/node_modules/protobufjs @7.6.6' './node_modules/left-pad @1.0.0' ;;
esac
`;

test("bootstrap says why each blocked install script is not needed, and names unreviewed ones", async () => {
  const dir = tempDir("shortlist-bootstrap-");
  mkdirSync(join(dir, "scripts"));
  mkdirSync(join(dir, "bin"));
  copyFileSync(resolve(import.meta.dir, "../scripts/bootstrap"), join(dir, "scripts", "bootstrap"));
  writeFileSync(join(dir, "package.json"), "{}");
  writeFileSync(join(dir, "bun.lock"), "{}");
  writeFileSync(join(dir, "bin", "bun"), fakeBun);
  chmodSync(join(dir, "bin", "bun"), 0o755);
  const p = Bun.spawn(["bash", join(dir, "scripts", "bootstrap")], { env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` }, stdout: "pipe", stderr: "pipe" });
  const [stderr, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  expect(code).toBe(0);
  expect(stderr).toContain("Blocked 3 postinstalls");
  expect(stderr).toContain("bootstrap: the blocked install scripts are not needed here:");
  expect(stderr).toMatch(/onnxruntime-node: downloads its CUDA binaries.*the CPU ones ship in the package/);
  expect(stderr).toMatch(/protobufjs .*nothing at run time needs/);
  expect(stderr).toMatch(/left-pad: not reviewed/);
});
