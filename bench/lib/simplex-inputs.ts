/**
 * SimpleX bench inputs shared by both sides: training rows over dense ids and each user's capped
 * history, built by recall.simplex's own readers (so the peer sees exactly what our stage sees),
 * written as the raw int32 files bench/peers/simplex_torch.py reads.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Table } from "@shortlist/runner";
import { Rng } from "../../packages/core-gpu/src/random/rng.ts";
import { readInteractions, type Interactions } from "../../packages/plugin-twotower/src/train/interactions.ts";
import { buildHistories, type Histories } from "../../packages/plugin-twotower/src/simplex/histories.ts";

export interface SimplexInputs {
  /** Training rows (`user`, `item`: possibly a sample, see sampleRows), ids, histories' source, seen pairs. */
  ix: Interactions;
  histories: Histories;
  historyLen: number;
}

/**
 * Dense training rows and histories of a `{ user, item, timestamp? }` table.
 * @example
 * const inputs = simplexInputs(train, 50);
 */
export function simplexInputs(train: Table, historyLen: number): SimplexInputs {
  const ix = readInteractions(train, "train", "bench");
  return { ix, histories: buildHistories(ix, historyLen), historyLen };
}

/**
 * Keeps a seeded `fraction` of the training rows (in their order) as the positives of an epoch;
 * ids, histories and the seen matrix stay those of all rows, so a step costs what it costs on
 * the whole data and an epoch's time scales by 1 / fraction.
 * @example
 * const tenth = sampleRows(inputs, 0.1, 7);
 */
export function sampleRows(s: SimplexInputs, fraction: number, seed: number): SimplexInputs {
  if (fraction >= 1) return s;
  const rng = new Rng(seed);
  const keep: number[] = [];
  for (let r = 0; r < s.ix.user.length; r++) if (rng.float() < fraction) keep.push(r);
  const user = Int32Array.from(keep, (r) => s.ix.user[r]!);
  const item = Int32Array.from(keep, (r) => s.ix.item[r]!);
  return { ...s, ix: { ...s.ix, user, item } };
}

/**
 * The histories as a users × historyLen matrix padded with `pad` (the peer's zero row), and lengths.
 * @example
 * const { hist, len } = paddedHistories(inputs.histories, 50, nItems);
 */
export function paddedHistories(h: Histories, historyLen: number, pad: number): { hist: Int32Array; len: Int32Array } {
  const users = h.offsets.length - 1;
  const hist = new Int32Array(users * historyLen).fill(pad);
  const len = new Int32Array(users);
  for (let u = 0; u < users; u++) {
    const row = h.ids.subarray(h.offsets[u]!, h.offsets[u + 1]!);
    hist.set(row, u * historyLen);
    len[u] = row.length;
  }
  return { hist, len };
}

/**
 * Writes pos_user.i32, pos_item.i32, hist.i32, hist_len.i32 and the seen pairs
 * (seen_user.i32, seen_item.i32, from ix.seen) into `dir` for the peer.
 * @example
 * writePeerInputs(dir, inputs);
 */
export function writePeerInputs(dir: string, s: SimplexInputs): void {
  const { hist, len } = paddedHistories(s.histories, s.historyLen, s.ix.items.length);
  writeFileSync(join(dir, "pos_user.i32"), s.ix.user);
  writeFileSync(join(dir, "pos_item.i32"), s.ix.item);
  writeFileSync(join(dir, "hist.i32"), hist);
  writeFileSync(join(dir, "hist_len.i32"), len);
  const { indptr, indices } = s.ix.seen;
  const seenUser = new Int32Array(indices.length);
  for (let u = 0; u + 1 < indptr.length; u++) seenUser.fill(u, indptr[u]!, indptr[u + 1]!);
  writeFileSync(join(dir, "seen_user.i32"), seenUser);
  writeFileSync(join(dir, "seen_item.i32"), indices);
}
