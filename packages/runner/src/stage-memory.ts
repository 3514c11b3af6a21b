/**
 * Per-stage peak memory: the process's resident-set high-water mark while one stage ran.
 *
 * On Linux the kernel keeps the high-water mark (VmHWM in /proc/self/status) and lets a process
 * reset it (writing "5" to /proc/self/clear_refs), so each stage gets its own exact peak, including
 * the moments a synchronous kernel holds the event loop, which sampling with a timer would miss.
 * Elsewhere only the process-lifetime peak exists (process.resourceUsage().maxRSS): it is recorded
 * as it is, an upper bound, and `exact` says so.
 */
import { readFileSync, writeFileSync } from "node:fs";

export interface StageMemory {
  /** Peak RSS in bytes since `trackStageMemory()` was called. */
  peakBytes(): number;
  /** False when the peak is the process-lifetime peak (no per-stage reset on this system). */
  exact: boolean;
}

function vmHwmBytes(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return vmHwmBytes() !== undefined;
  } catch {
    return false;
  }
}

/**
 * Starts measuring one stage's peak RSS (resets the kernel's high-water mark where it can).
 * @example
 * const memory = trackStageMemory();
 * await stage.run(ctx, options);
 * record.peakRss = memory.peakBytes();
 */
export function trackStageMemory(): StageMemory {
  const exact = resetHighWaterMark();
  return {
    exact,
    peakBytes: () => (exact ? vmHwmBytes() : undefined) ?? process.resourceUsage().maxRSS * 1024,
  };
}
