#!/usr/bin/env bun
// The `shortlist` bin. Shortlist ships TypeScript that only Bun runs (it also uses bun:ffi and
// Bun.file): under Node this file is all that loads, so it says what to do instead of failing on a
// `.ts` import. Plain JavaScript on purpose, so that Node can parse it.
if (typeof globalThis.Bun === "undefined") {
  const again = ["bun", process.argv[1], ...process.argv.slice(2)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
  process.stderr.write(
    `shortlist needs Bun (https://bun.sh); this is Node ${process.version}, which cannot run it.\n` +
      "  install Bun:  npm install -g bun\n" +
      `  then run:     ${again}\n` +
      "  (run as a command, `shortlist` starts under Bun by itself once Bun is on the PATH)\n",
  );
  process.exit(2);
}
const { runCli } = await import("../src/cli.ts");
await runCli(process.argv.slice(2));
