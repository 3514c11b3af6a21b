import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Peer, peersAvailable } from "./peers.ts";

const available = await peersAvailable();
if (!available) console.warn("peers.test: python3 with numpy and scipy not found, skipped");

test.skipIf(!available)("a peer serves timed cases and reports unknown ones", async () => {
  const dir = mkdtempSync(join(tmpdir(), "peers-test-"));
  try {
    writeFileSync(join(dir, "s.f32"), new Float32Array(4 * 6).map((_, i) => i));
    const peer = await Peer.start("topk.py", { file: join(dir, "s.f32"), rows: 4, cols: 6, k: 2 });
    expect(await peer.time("topk")).toBeGreaterThan(0);
    await expect(peer.time("nope")).rejects.toThrow(/unknown case/);
    await peer.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
