/**
 * One shared WebAssembly.Memory holding everything the histogram kernel touches (the bins, the row
 * buffers, the histogram slots), so that the WebAssembly kernel (wasm-hist.ts) can read it on every
 * thread; the TypeScript code sees the same bytes through typed-array views. Sized once from an
 * upper bound (untouched pages cost no memory) and never grown, so views and workers stay valid.
 */
import { wasmKernels, type WasmKernels } from "./wasm-hist.ts";

/** Where a buffer of `bytes` lives: a (shared or plain) buffer and the offset in it. */
export type Alloc = (bytes: number) => { buffer: ArrayBufferLike; byteOffset: number };

/** A memory, a bump allocator over it, and the calling thread's kernels. */
export interface Arena {
  memory: WebAssembly.Memory;
  alloc: Alloc;
  kernels: WasmKernels;
}

/** wasm32 addresses: keep every address (and a build's end pointer) below 4 GiB. */
const MAX_BYTES = 2 ** 32 - 2 ** 20;

/**
 * The bytes training n rows × f features needs in the arena at most: bins, the row buffers
 * (engine.ts rowBuffers: 38 bytes a row), and `numLeaves + 2` histograms of up to maxBin + 1
 * slots per feature.
 * @example arenaBytes(1_000_000, 23, 255, 31);
 */
export function arenaBytes(n: number, f: number, maxBin: number, numLeaves: number): number {
  const binBytes = maxBin > 255 ? 2 : 1;
  const leaves = Math.max(1, numLeaves);
  return n * f * binBytes + 38 * n + (numLeaves + 2) * f * (maxBin + 2) * 24 + 16 * leaves + 2 * 65_536 + 64 * 16 + 32;
}

/**
 * An arena of `bytes`, or null where it cannot be had (over 4 GiB, or no WebAssembly SIMD / shared
 * memory): then the TypeScript kernels run on plain or shared buffers instead.
 * @example const arena = createArena(arenaBytes(n, f, 255, 31));
 */
export function createArena(bytes: number): Arena | null {
  if (bytes > MAX_BYTES || process.env.SHORTLIST_GBDT_WASM === "0") return null;
  try {
    const pages = Math.ceil(bytes / 65_536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const kernels = wasmKernels(memory);
    let next = 0;
    const alloc: Alloc = (size) => {
      const at = next;
      next = Math.ceil((next + size) / 16) * 16; // 16-byte aligned (no 32-bit `&`: offsets pass 2 GiB)
      if (next > pages * 65_536) throw new Error(`gbdt arena: ${size} bytes do not fit (${pages} pages)`);
      return { buffer: memory.buffer, byteOffset: at };
    };
    return { memory, alloc, kernels };
  } catch {
    return null;
  }
}
