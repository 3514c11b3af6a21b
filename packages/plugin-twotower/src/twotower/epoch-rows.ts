/**
 * The training rows of each epoch: every row, or at most `maxPerUser` rows of each user, drawn
 * afresh from the user's rows every epoch with the epoch's seed (YouTube DNN, Covington et al.
 * 2016: "a fixed number of training examples per user … prevents a small cluster of highly active
 * users from dominating the loss"). Over epochs every row of a heavy user is still seen.
 */
import type { Rng } from "@shortlist/core-gpu/nn";

/**
 * @example
 * const rows = new EpochRows(pairs.userRow, users.size, 200);
 * const order = rows.draw(new Rng(seed, 0x7474, epoch)); // row indices, shuffled
 */
export class EpochRows {
  /** Rows of one epoch: Σ_u min(rows of u, maxPerUser). */
  readonly size: number;
  /** Row indices grouped by user: user u's are byUser[start[u] .. start[u + 1]). */
  private readonly byUser: Int32Array;
  private readonly start: Int32Array;

  constructor(
    private readonly userRow: Int32Array,
    nUsers: number,
    readonly maxPerUser: number,
  ) {
    this.start = new Int32Array(nUsers + 1);
    for (const u of userRow) this.start[u + 1]!++;
    for (let u = 0; u < nUsers; u++) this.start[u + 1]! += this.start[u]!;
    const next = this.start.slice(0, nUsers);
    this.byUser = new Int32Array(userRow.length);
    userRow.forEach((u, r) => (this.byUser[next[u]!++] = r));
    this.size = maxPerUser > 0 ? Array.from({ length: nUsers }, (_, u) => Math.min(this.count(u), maxPerUser)).reduce((a, b) => a + b, 0) : userRow.length;
  }

  /** Rows of user u. */
  count(u: number): number {
    return this.start[u + 1]! - this.start[u]!;
  }

  /**
   * Each row's chance of being in an epoch: 1, or maxPerUser / (its user's rows) for a capped
   * user. Expected per-epoch counts (logQ, the negatives' popularity) sum these.
   */
  weight(row: number): number {
    const n = this.count(this.userRow[row]!);
    return this.maxPerUser > 0 && n > this.maxPerUser ? this.maxPerUser / n : 1;
  }

  /** One epoch's row indices, shuffled (Fisher–Yates); without a cap, a permutation of every row. */
  draw(rng: Rng): Int32Array {
    let order: Int32Array;
    if (this.maxPerUser > 0) {
      order = new Int32Array(this.size);
      const scratch = this.byUser.slice();
      let at = 0;
      for (let u = 0; u + 1 < this.start.length; u++) {
        const [lo, n] = [this.start[u]!, this.count(u)];
        const take = Math.min(n, this.maxPerUser);
        // Partial Fisher–Yates: the first `take` slots of the user's segment become a uniform sample.
        if (take < n) {
          for (let k = 0; k < take; k++) {
            const j = lo + k + rng.int(n - k);
            [scratch[lo + k], scratch[j]] = [scratch[j]!, scratch[lo + k]!];
          }
        }
        order.set(scratch.subarray(lo, lo + take), at);
        at += take;
      }
    } else {
      order = Int32Array.from({ length: this.userRow.length }, (_, i) => i);
    }
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }
}

/**
 * The learning rate of 1-based step `step` of `total`: constant, or cosine from `lr` at step 1
 * down to 0 after the last (SGDR without restarts, Loshchilov & Hutter 2017).
 * @example scheduledLr("cosine", 0.003, 1, 100) // 0.003
 */
export function scheduledLr(schedule: "constant" | "cosine", lr: number, step: number, total: number): number {
  if (schedule === "constant") return lr;
  const t = Math.min(1, (step - 1) / Math.max(1, total));
  return 0.5 * lr * (1 + Math.cos(Math.PI * t));
}
