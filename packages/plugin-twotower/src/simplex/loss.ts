/**
 * SimpleX's cosine contrastive loss computed over the batch's distinct negative items: the same
 * value as core-gpu's nn.simplexLoss (checked in loss.test.ts), much less work when negatives
 * repeat. With B users, N negatives each and U distinct negative items, nn.simplexLoss gathers and
 * normalises B·N rows of the item table; this normalises U rows once, scores all B × U pairs with
 * one matrix product and picks the B·N cosines it needs. On ML-100K (U ≤ 1,682, B·N = 51,200 at
 * B = 512, N = 100) that is ~30× fewer floats moved per step; it is used while B·U ≤ B·N·dim / 2
 * and nn.simplexLoss otherwise (large catalogues, where negatives rarely repeat).
 */
import type { Tensor, TensorEngine } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";

export interface NegativeSet {
  /** Distinct negative items, ascending. */
  unique: Int32Array;
  /** Position (user b, slot j) at b·N + j → index into `unique`. */
  inverse: Int32Array;
}

/**
 * Distinct ids of `ids` (all in [0, rows)) and each position's index among them, with a marker
 * array instead of a Map (every step calls it on B·N ids).
 * @example distinctIds(new Int32Array([5, 2, 5]), 8) // unique [2, 5], inverse [1, 0, 1]
 */
export function distinctIds(ids: Int32Array, rows: number): NegativeSet {
  const slot = new Int32Array(rows).fill(-1);
  for (let p = 0; p < ids.length; p++) slot[ids[p]!] = 0;
  let u = 0;
  for (let r = 0; r < rows; r++) if (slot[r] === 0) slot[r] = u++;
  const unique = new Int32Array(u);
  for (let r = 0; r < rows; r++) if (slot[r]! >= 0) unique[slot[r]!] = r;
  const inverse = new Int32Array(ids.length);
  for (let p = 0; p < ids.length; p++) inverse[p] = slot[ids[p]!]!;
  return { unique, inverse };
}

/** Whether the shared-negatives form is the cheaper one for this batch. */
export const sharedIsCheaper = (users: number, negatives: number, distinct: number, dim: number): boolean => users * distinct * 2 <= users * negatives * dim;

/**
 * mean over users of relu(1 − cos(u, pos)) + w · mean_j relu(cos(u, e_{neg j}) − margin), with
 * the negatives' rows of `itemTable` taken from `negs` (row-sparse gradient on the table).
 * @example
 * const loss = sharedNegativesLoss(engine, u, pos, itemTable, distinctIds(negIds, nItems), 100, { margin: 0.9, negativeWeight: 150 });
 */
export function sharedNegativesLoss(engine: TensorEngine, u: Tensor, pos: Tensor, itemTable: Tensor, negs: NegativeSet, n: number, o: nn.SimplexOptions): Tensor {
  const b = u.shape[0]!;
  const distinct = negs.unique.length;
  const un = nn.l2Normalize(u);
  const posLoss = nn.relu(nn.affine(nn.rowDot(un, nn.l2Normalize(pos)), -1, 1));
  const items = nn.l2Normalize(nn.embedding(itemTable, nn.prepareIds(engine, negs.unique, itemTable.shape[0]!, "SimpleX negative item")));
  // All B × U cosines, flattened, then the B·N the batch drew: flat index b·U + inverse[b·N + j].
  const all = nn.reshape(nn.matmul(un, items, { transB: true }), [b * distinct, 1]);
  const pick = new Int32Array(negs.inverse.length);
  for (let p = 0, row = 0; row < b; row++) for (let j = 0; j < n; j++, p++) pick[p] = row * distinct + negs.inverse[p]!;
  const negCos = nn.gatherRows(all, engine.fromHost(pick, [pick.length], "i32"));
  const negLoss = nn.mean(nn.reshape(nn.relu(nn.affine(negCos, 1, -o.margin)), [b, n]), 1);
  return nn.mean(nn.add(posLoss, nn.scale(negLoss, o.negativeWeight)));
}

/**
 * The negatives' weights when every item the user has not seen is a negative (`negatives: 0`):
 * row b holds 1/(unseen count) on the items user b has not seen and 0 on the ones they have, so
 * Σ_j W[b, j]·relu(cos − margin) is the mean over the user's unseen items.
 * @example const w = unseenWeights(seen, users, nItems); // [B·nItems]
 */
export function unseenWeights(seen: { indptr: Int32Array; indices: Int32Array }, users: Int32Array, items: number): Float32Array {
  const w = new Float32Array(users.length * items);
  for (let b = 0; b < users.length; b++) {
    const [from, to] = [seen.indptr[users[b]!]!, seen.indptr[users[b]! + 1]!];
    const unseen = items - (to - from);
    if (unseen <= 0) continue;
    const row = w.subarray(b * items, (b + 1) * items);
    row.fill(1 / unseen);
    for (let p = from; p < to; p++) row[seen.indices[p]!] = 0;
  }
  return w;
}

/**
 * SimpleX's loss with the whole catalogue as negatives: mean over users of relu(1 − cos(u, pos))
 * + w · Σ_j W[b, j]·relu(cos(u, e_j) − margin), W from unseenWeights. One B × items product; the
 * limit of many sampled negatives (the paper finds more negatives better), for catalogues small
 * enough that B × items fits a step.
 * @example const loss = allItemsLoss(engine, u, pos, itemTable, unseenWeights(seen, users, nItems), o);
 */
export function allItemsLoss(engine: TensorEngine, u: Tensor, pos: Tensor, itemTable: Tensor, weights: Float32Array, o: nn.SimplexOptions): Tensor {
  const [b, items] = [u.shape[0]!, itemTable.shape[0]!];
  const un = nn.l2Normalize(u);
  const posLoss = nn.relu(nn.affine(nn.rowDot(un, nn.l2Normalize(pos)), -1, 1));
  const cos = nn.matmul(un, nn.l2Normalize(itemTable), { transB: true });
  const negLoss = nn.sum(nn.mul(nn.relu(nn.affine(cos, 1, -o.margin)), engine.fromHost(weights, [b, items])), 1);
  return nn.mean(nn.add(posLoss, nn.scale(negLoss, o.negativeWeight)));
}
