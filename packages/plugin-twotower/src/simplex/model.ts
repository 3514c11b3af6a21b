/**
 * The SimpleX model (Mao et al., CIKM 2021; RecBole's SimpleX): a user is
 *   v_u = g · e_u + (1 − g) · W · mean(e_i for i in the user's recent history)
 * (dropout on v_u in training, as RecBole applies it), an item is e_i, the score is cos(v_u, e_i),
 * and training minimises the cosine contrastive loss
 *   relu(1 − cos(v_u, e_pos)) + w · mean_j relu(cos(v_u, e_neg_j) − margin).
 * The item table serves the positive, the negatives and the history alike; with sampled negatives
 * its gradient is row-sparse (only the rows a batch touched), so lazy Adam updates those rows
 * alone; with every item a negative (loss.ts allItemsLoss) it is dense. The L2 term is RecBole's
 * (reg.ts), part of the loss, not weight decay in the optimiser.
 */
import { tidy, type Csr, type Tensor, type TensorEngine } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import { batchBags, type Histories } from "./histories.ts";
import { allItemsLoss, distinctIds, sharedIsCheaper, sharedNegativesLoss, unseenWeights } from "./loss.ts";
import { countsOf, historyCounts, repeatedNorm, type CountedIds } from "./reg.ts";

export interface SimplexConfig {
  users: number;
  items: number;
  dim: number;
  /** Weight g of the user's own embedding against the aggregated history. */
  gamma: number;
  /** Dropout rate on the fused user vector in training. */
  dropout: number;
  margin: number;
  negativeWeight: number;
  /** Initialisation stream. */
  seed: number;
}

/** One training batch over dense ids: users[b] with positive pos[b] and negatives negs[b·N …]. */
export interface SimplexBatch {
  users: Int32Array;
  pos: Int32Array;
  negs: Int32Array;
}

export class SimplexModel implements nn.Module {
  readonly user: nn.Embedding;
  readonly item: nn.Embedding;
  /** W of the aggregation (RecBole's UI_map, no bias). */
  readonly map: nn.Linear;

  /**
   * @example
   * const model = new SimplexModel(engine, histories, { users: 943, items: 1682, dim: 64, gamma: 0.5, dropout: 0.1, margin: 0.9, negativeWeight: 150, seed: 42 }, ix.seen);
   * @param seen each user's training items (CSR users × items): excluded from the negatives when
   *   every item is one (a batch with no sampled negatives); without it no item is excluded
   */
  constructor(readonly engine: TensorEngine, readonly histories: Histories, readonly c: SimplexConfig, readonly seen?: Csr) {
    const rng = new nn.Rng(c.seed);
    // RecBole initialises every table and W with Xavier normal.
    this.user = new nn.Embedding(engine, c.users, c.dim, { rng, init: { kind: "xavierNormal" } });
    this.item = new nn.Embedding(engine, c.items, c.dim, { rng, init: { kind: "xavierNormal" } });
    this.map = new nn.Linear(engine, c.dim, c.dim, { bias: false, rng, init: { kind: "xavierNormal" } });
  }

  parameters(): Map<string, Tensor> {
    return new Map([["user", this.user.table], ["item", this.item.table], ["map", this.map.weight]]);
  }

  /**
   * Fused user vectors [B, dim] of dense `users`; `dropoutSeed` turns training dropout on. A batch
   * repeats users (one row per positive), so each distinct user's history is pooled once and the
   * rows are gathered from those; dropout then draws a mask per row, as RecBole's does.
   */
  userVectors(users: Int32Array, dropoutSeed?: number): Tensor {
    return this.fuse(users, dropoutSeed).fused;
  }

  /** userVectors with what the L2 term needs: the distinct users' own rows and their histories. */
  private fuse(users: Int32Array, dropoutSeed?: number) {
    const { engine, c } = this;
    const distinct = distinctIds(users, c.users);
    const own = this.user.forward(nn.prepareIds(engine, distinct.unique, c.users, "SimpleX user embedding"));
    const bags = batchBags(this.histories, distinct.unique);
    const history = nn.embeddingBag(this.item.table, nn.prepareBags(engine, bags.ids, bags.offsets, c.items, "mean", "SimpleX user history"));
    let fused = nn.add(nn.scale(own, c.gamma), nn.scale(this.map.forward(history), 1 - c.gamma));
    if (!isIdentity(distinct.inverse)) fused = nn.gatherRows(fused, engine.fromHost(distinct.inverse, [distinct.inverse.length], "i32"));
    if (dropoutSeed !== undefined && c.dropout > 0) fused = nn.dropout(fused, c.dropout, dropoutSeed);
    return { fused, own, distinct, bags };
  }

  /**
   * The cosine contrastive loss of one batch (a scalar tensor); no negatives (`negs` empty) means
   * every unseen item. `regWeight` > 0 adds RecBole's L2 term (reg.ts) over the rows the batch
   * looked up: users, positives, history items and sampled negatives.
   */
  loss(b: SimplexBatch, dropoutSeed: number, regWeight = 0): Tensor {
    const { engine, c } = this;
    const { fused: u, own, distinct, bags } = this.fuse(b.users, dropoutSeed);
    const pos = this.item.forward(nn.prepareIds(engine, b.pos, c.items, "SimpleX positive item"));
    const o = { margin: c.margin, negativeWeight: c.negativeWeight };
    const itemNorm = (s: CountedIds) => repeatedNorm(engine, nn.embedding(this.item.table, nn.prepareIds(engine, s.unique, c.items, "SimpleX L2 item")), s.counts);
    const userCounts = regWeight > 0 ? countsOf(distinct.inverse, distinct.unique.length) : new Float32Array(0);
    // RecBole's EmbLoss: one Frobenius norm per looked-up group, summed, over the batch size.
    const reg = (loss: Tensor, negs?: CountedIds): Tensor => {
      if (regWeight === 0) return loss;
      const norms = [repeatedNorm(engine, own, userCounts), repeatedNorm(engine, pos), itemNorm(historyCounts(bags.ids, bags.offsets, userCounts, c.items))];
      if (negs) norms.push(itemNorm(negs));
      return nn.add(loss, nn.scale(norms.reduce((a, x) => nn.add(a, x)), regWeight / b.users.length));
    };
    if (b.negs.length === 0) return reg(allItemsLoss(engine, u, pos, this.item.table, unseenWeights(this.seen ?? { indptr: new Int32Array(c.users + 1), indices: new Int32Array(0) }, b.users, c.items), o));
    const n = b.users.length === 0 ? 0 : b.negs.length / b.users.length;
    const negs = distinctIds(b.negs, c.items);
    const counted = regWeight > 0 ? { unique: negs.unique, counts: countsOf(negs.inverse, negs.unique.length) } : undefined;
    if (sharedIsCheaper(b.users.length, n, negs.unique.length, c.dim)) return reg(sharedNegativesLoss(engine, u, pos, this.item.table, negs, n, o), counted);
    return reg(nn.simplexLoss(u, pos, this.item.forward(nn.prepareIds(engine, b.negs, c.items, "SimpleX negative item")), o), counted);
  }

  /**
   * Every user's fused vector (no dropout) and every item's embedding, read to the host.
   * @example const { users, items } = await model.vectors();
   */
  async vectors(block = 4096): Promise<{ users: Float32Array; items: Float32Array }> {
    const { c } = this;
    const users = new Float32Array(c.users * c.dim);
    for (let from = 0; from < c.users; from += block) {
      const ids = Int32Array.from({ length: Math.min(block, c.users - from) }, (_, i) => from + i);
      const t = tidy(() => this.userVectors(ids));
      users.set((await t.read()) as Float32Array, from * c.dim);
      t.dispose();
    }
    const items = Float32Array.from((await this.item.table.read()) as Float32Array);
    return { users, items };
  }
}

/** Whether position p holds p everywhere (the batch's users were distinct and ascending). */
function isIdentity(inverse: Int32Array): boolean {
  for (let p = 0; p < inverse.length; p++) if (inverse[p] !== p) return false;
  return true;
}
