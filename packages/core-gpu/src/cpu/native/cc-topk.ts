/**
 * Compiles the native sources that include topk-spans.h (topk-scan.c, blas-topk.c) with Bun's
 * TinyCC: with its x86-64 SSE assembly first, and where TinyCC's assembler refuses that (another
 * Bun, another CPU) with the plain C loops instead: the same results, ~3× the scan's CPU.
 */
import { cc, type FFIFunction, type Library } from "bun:ffi";

/**
 * @example
 * const lib = ccTopK(fileURLToPath(new URL("./topk-scan.c", import.meta.url)), { topk_scan: { args: [], returns: "void" } });
 */
export function ccTopK<Fns extends Record<string, FFIFunction>>(source: string, symbols: Fns, plainC = false): Library<Fns> {
  const plain = { source, symbols, define: { TOPK_PLAIN_C: "1" } };
  if (plainC) return cc(plain);
  try {
    return cc({ source, symbols });
  } catch {
    return cc(plain);
  }
}
