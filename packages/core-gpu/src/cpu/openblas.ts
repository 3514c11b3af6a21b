/**
 * Optional OpenBLAS sgemm through bun:ffi. On this project's 2-core AMD EPYC machine MLAS
 * reaches ~70 GFLOP/s per core against OpenBLAS's ~95, so where the system has
 * libopenblas (Debian: libopenblas0-pthread) the CPU backend multiplies with it, writing C in
 * place (no output copies); everywhere else it stays on onnxruntime's MLAS.
 * SHORTLIST_BLAS=mlas turns this path off.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

const CBLAS_ROW_MAJOR = 101;
const CBLAS_NO_TRANS = 111;
const CBLAS_TRANS = 112;
const LIBRARIES = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"];

/** A loaded OpenBLAS. */
export interface OpenBlas {
  /** Library name and the kernel family OpenBLAS picked for this CPU, e.g. "libopenblas.so.0 (Cooperlake)". */
  readonly description: string;
  /**
   * Row-major C = op(A)·op(B) + beta·C, where A is m×k (k×m when transA), B is k×n (n×k when
   * transB); all dimensions > 0.
   */
  sgemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void;
}

function open(name: string) {
  return dlopen(name, {
    cblas_sgemm: {
      args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.f32, FFIType.ptr, FFIType.i32, FFIType.ptr, FFIType.i32, FFIType.f32, FFIType.ptr, FFIType.i32],
      returns: FFIType.void,
    },
    openblas_set_num_threads: { args: [FFIType.i32], returns: FFIType.void },
    openblas_get_corename: { args: [], returns: FFIType.cstring },
  });
}

let cached: { lib: ReturnType<typeof open>; name: string } | null | undefined;

/**
 * Loads OpenBLAS once per process, or returns undefined when it is absent, unloadable, or
 * disabled by SHORTLIST_BLAS=mlas.
 * @example
 * const blas = loadOpenBlas(2); blas?.sgemm(false, false, m, n, k, a, b, 0, c);
 */
export function loadOpenBlas(threads: number, env: Record<string, string | undefined> = process.env): OpenBlas | undefined {
  if (env.SHORTLIST_BLAS === "mlas") return undefined;
  if (cached === undefined) {
    cached = null;
    for (const name of LIBRARIES) {
      try {
        cached = { lib: open(name), name };
        break;
      } catch {
        // not here: try the next name
      }
    }
  }
  if (!cached) return undefined;
  const { lib, name } = cached;
  return {
    description: `${name} (${String(lib.symbols.openblas_get_corename())})`,
    sgemm(transA, transB, m, n, k, a, b, beta, c) {
      // The thread count is process-wide in OpenBLAS; set it per call so backends with
      // different thread options do not leak into each other.
      lib.symbols.openblas_set_num_threads(threads);
      lib.symbols.cblas_sgemm(
        CBLAS_ROW_MAJOR, transA ? CBLAS_TRANS : CBLAS_NO_TRANS, transB ? CBLAS_TRANS : CBLAS_NO_TRANS,
        // `| 0`: integral doubles must reach the i32 arguments as integers (see cpu/native).
        m | 0, n | 0, k | 0, 1, ptr(a), (transA ? m : k) | 0, ptr(b), (transB ? k : n) | 0, beta, ptr(c), n | 0,
      );
    },
  };
}
