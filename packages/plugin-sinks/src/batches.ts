/** Splitting work into batches and running a bounded number of them at once. */

/**
 * Half-open ranges [start, end) covering 0..n in steps of `size`.
 * @example batchRanges(5, 2) // [[0, 2], [2, 4], [4, 5]]
 */
export function batchRanges(n: number, size: number): Array<[number, number]> {
  if (!(size >= 1)) throw new Error(`batch size must be at least 1, got ${size}`);
  const out: Array<[number, number]> = [];
  for (let s = 0; s < n; s += size) out.push([s, Math.min(n, s + size)]);
  return out;
}

/**
 * Runs `task(i)` for i in 0..count-1 with at most `concurrency` running at once; rejects with the
 * first failure (tasks already started still settle, none new start). Results come back in order.
 * @example await runBounded(10, 3, async (i) => write(batch[i]))
 */
export async function runBounded<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < count) {
      const i = next++;
      try {
        results[i] = await task(i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  if (failed) throw failed.error;
  return results;
}
