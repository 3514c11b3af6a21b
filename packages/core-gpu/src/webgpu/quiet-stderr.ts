/**
 * Runs a synchronous call with the process's stderr (fd 2) caught, then writes back every line
 * except those a pattern drops. For native code that prints straight to fd 2, which no JavaScript
 * hook sees: Dawn warns on every process that enumerates adapters on Mesa's lavapipe
 * ("maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit
 * dynamic offset allocation limit", and the same for storage buffers) — lavapipe reports those two
 * limits as unbounded and Dawn clamps them. The clamp is harmless (nothing here uses dynamic
 * offsets) and happens when the adapter is enumerated, before any limits are requested, so asking
 * for fewer limits cannot avoid it.
 *
 * Uses libc's dup/dup2 through bun:ffi; where libc cannot be opened the call runs uncaught.
 */
import { dlopen, FFIType } from "bun:ffi";
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Libc = { dup(fd: number): number; dup2(from: number, to: number): number; close(fd: number): number };

let libc: Libc | null | undefined;

function openLibc(): Libc | null {
  if (libc !== undefined) return libc;
  try {
    const name = process.platform === "darwin" ? "libSystem.B.dylib" : "libc.so.6";
    const fd = { args: [FFIType.i32], returns: FFIType.i32 } as const;
    libc = dlopen(name, { dup: fd, dup2: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 }, close: fd }).symbols;
  } catch {
    libc = null;
  }
  return libc;
}

let calls = 0;

/**
 * Calls `fn` with fd 2 redirected to a temp file; afterwards writes the caught text back to stderr
 * without the lines `drop` matches. Only what `fn` prints while it runs synchronously is caught.
 * @example
 * const p = withStderrFiltered(() => gpu.requestAdapter(), /artificially reduced/);
 */
export function withStderrFiltered<T>(fn: () => T, drop: RegExp): T {
  const c = openLibc();
  if (!c) return fn();
  const path = join(tmpdir(), `.shortlist-stderr-${process.pid}-${calls++}`);
  let file: number;
  try {
    file = openSync(path, "w+");
  } catch {
    return fn(); // no writable temp folder: the warnings are noise, not worth failing for
  }
  unlinkSync(path); // the open descriptor keeps it readable; nothing is left behind if we die
  const saved = c.dup(2);
  if (saved < 0 || c.dup2(file, 2) < 0) {
    if (saved >= 0) c.close(saved);
    closeSync(file);
    return fn();
  }
  try {
    return fn();
  } finally {
    c.dup2(saved, 2);
    c.close(saved);
    const buf = Buffer.alloc(fstatSync(file).size);
    readSync(file, buf, 0, buf.length, 0);
    closeSync(file);
    const kept = buf.toString("utf8").split(/(?<=\n)/).filter((line) => !drop.test(line)).join("");
    if (kept) process.stderr.write(kept);
  }
}
