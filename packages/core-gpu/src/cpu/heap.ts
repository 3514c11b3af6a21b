/**
 * A bounded min-heap of (score, id) pairs in two typed arrays, for top-K selection without
 * allocating per candidate. The root is the worst kept entry: lowest score, and among equal
 * scores the higher id (so ties resolve to the lower id, as the API specifies).
 */

/** Heap storage; `size` counts the entries in use. */
export interface TopHeap {
  k: number;
  size: number;
  scores: Float32Array;
  ids: Int32Array;
}

/**
 * A heap that keeps the best k entries.
 * @example
 * const h = createHeap(2); heapPush(h, 3, 0); heapPush(h, 5, 1); heapPush(h, 4, 2);
 * // h holds ids 1 and 2
 */
export function createHeap(k: number): TopHeap {
  return { k, size: 0, scores: new Float32Array(k), ids: new Int32Array(k) };
}

/** True when (sa, ia) ranks below (sb, ib). */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

function siftDown(h: TopHeap, pos: number): void {
  const { scores, ids, size } = h;
  const s = scores[pos]!;
  const id = ids[pos]!;
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && worse(scores[right]!, ids[right]!, scores[child]!, ids[child]!)) child = right;
    if (!worse(scores[child]!, ids[child]!, s, id)) break;
    scores[pos] = scores[child]!;
    ids[pos] = ids[child]!;
    pos = child;
  }
  scores[pos] = s;
  ids[pos] = id;
}

/**
 * Offers a candidate; NaN scores are ignored. Returns the score an entry must now beat
 * (-Infinity while the heap is not full), so scans can skip candidates cheaply.
 * @example
 * const h = createHeap(1); heapPush(h, 2, 7); // returns 2
 */
export function heapPush(h: TopHeap, score: number, id: number): number {
  if (score !== score || h.k === 0) return h.k === 0 ? Infinity : h.size < h.k ? -Infinity : h.scores[0]!;
  const { scores, ids } = h;
  if (h.size < h.k) {
    let pos = h.size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!worse(score, id, scores[parent]!, ids[parent]!)) break;
      scores[pos] = scores[parent]!;
      ids[pos] = ids[parent]!;
      pos = parent;
    }
    scores[pos] = score;
    ids[pos] = id;
  } else if (worse(scores[0]!, ids[0]!, score, id)) {
    scores[0] = score;
    ids[0] = id;
    siftDown(h, 0);
  }
  return h.size < h.k ? -Infinity : scores[0]!;
}

/**
 * Writes the heap's entries best-first into ids/scores at `offset`, pads up to k with
 * -1 / -Infinity, and empties the heap for reuse.
 * @example
 * heapDrain(h, outIds, outScores, row * k);
 */
export function heapDrain(h: TopHeap, outIds: Int32Array, outScores: Float32Array, offset: number): void {
  const n = h.size;
  for (let t = h.k - 1; t >= n; t--) {
    outIds[offset + t] = -1;
    outScores[offset + t] = -Infinity;
  }
  // Popping the root (worst) repeatedly fills the output from the back.
  for (let t = n - 1; t >= 0; t--) {
    outIds[offset + t] = h.ids[0]!;
    outScores[offset + t] = h.scores[0]!;
    h.size--;
    if (h.size > 0) {
      h.scores[0] = h.scores[h.size]!;
      h.ids[0] = h.ids[h.size]!;
      siftDown(h, 0);
    }
  }
}
