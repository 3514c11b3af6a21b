/**
 * The Wide & Deep network (Cheng et al. 2016) on core-gpu's training engine:
 *   wide = Σₖ w[bucketₖ]            one weight per hashed one-hot / crossed feature (FTRL)
 *   deep = MLP([emb(field₁) … emb(field_F), mean-bag(sequence), dense])   (Adam; lazy on tables)
 *   logit = wide + deep
 * All sparse fields live in one deep table (each field its own slice), so a batch is one lookup.
 */
import type { Tensor, TensorEngine } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import type { Encoded } from "./encode.ts";
import type { Preprocessing } from "./preprocess.ts";

export interface ModelOptions {
  useWide: boolean;
  embeddingSize: number;
  hiddenUnits: number[];
  dropout: number;
  seed: number;
}

/** A table as a Module for checkpoints. */
class TableModule implements nn.Module {
  constructor(readonly table: Tensor) {}
  parameters(): Map<string, Tensor> {
    return new Map([["table", this.table]]);
  }
}

export class WideDeep {
  readonly wide: TableModule | undefined;
  readonly deep: TableModule;
  readonly mlp: nn.MLP;
  readonly inDim: number;

  /**
   * @example
   * const model = new WideDeep(engine, pre, { useWide: true, embeddingSize: 16, hiddenUnits: [256, 128], dropout: 0.2, seed: 42 });
   */
  constructor(readonly engine: TensorEngine, readonly pre: Preprocessing, readonly o: ModelOptions) {
    const rng = new nn.Rng(o.seed);
    const E = o.embeddingSize;
    const { sparse, sequence, dense } = pre.columns;
    this.wide = o.useWide ? new TableModule(nn.parameter(engine, new Float32Array(pre.wideBuckets), [pre.wideBuckets, 1])) : undefined;
    // std 0.01, as PyTorch recommenders usually start their embeddings (the peer does too).
    this.deep = new TableModule(new nn.Embedding(engine, Math.max(1, pre.deepRows), E, { rng, init: { kind: "normal", scale: 0.01 } }).table);
    this.inDim = sparse.length * E + (sequence.length > 0 ? E : 0) + dense.length;
    this.mlp = new nn.MLP(engine, [this.inDim, ...o.hiddenUnits, 1], { rng, dropout: o.dropout, lastActivation: false });
  }

  private offsets = new Int32Array(0);

  /** Bag offsets of B rows of W wide buckets each (0, W, 2W, …), kept: every full batch uses the same. */
  private wideOffsets(B: number, W: number): Int32Array {
    if (this.offsets.length !== B + 1 || (B > 0 && this.offsets[1] !== W)) this.offsets = Int32Array.from({ length: B + 1 }, (_, i) => i * W);
    return this.offsets;
  }

  /** Modules by name, for saveTraining / loadTraining. */
  modules(): { wide?: nn.Module; deep: Record<string, nn.Module> } {
    return { wide: this.wide, deep: { deep: this.deep, mlp: this.mlp } };
  }

  /** True for the wide part's weight (trained by FTRL, everything else by Adam). */
  isWide(t: Tensor): boolean {
    return t === this.wide?.table;
  }

  /**
   * Logits [B, 1] of rows [start, end) of `x`; `training` turns dropout on with its seed.
   * Must run inside tidy (the batch's tensors are made here).
   */
  forward(x: Encoded, start: number, end: number, training?: { seed: number }): Tensor {
    const e = this.engine;
    const B = end - start;
    const { sparse, sequence, dense, wide } = this.pre.columns;
    const F = sparse.length, L = sequence.length, D = dense.length, E = this.o.embeddingSize;
    const parts: Tensor[] = [];
    if (F > 0) {
      const ids = nn.prepareIds(e, x.deep.subarray(start * F, end * F), this.pre.deepRows, "deep fields");
      parts.push(nn.reshape(nn.embedding(this.deep.table, ids), [B, F * E]));
    }
    if (L > 0) parts.push(nn.embeddingBag(this.deep.table, sequenceBags(e, x.seq, start, end, L, this.pre.deepRows)));
    if (D > 0) parts.push(e.fromHost(x.dense.subarray(start * D, end * D), [B, D]));
    const h = parts.length === 1 ? parts[0]! : nn.concat(parts);
    const deepLogit = this.mlp.forward(h, training);
    if (!this.wide || wide.length === 0) return deepLogit;
    const W = wide.length;
    const bags = nn.prepareBags(e, x.wide.subarray(start * W, end * W), this.wideOffsets(B, W), this.pre.wideBuckets, "sum", "wide buckets");
    return nn.add(deepLogit, nn.embeddingBag(this.wide.table, bags));
  }
}

/** The batch's sequences as ragged bags (padding, stored as −1, dropped). */
function sequenceBags(e: TensorEngine, seq: Int32Array, start: number, end: number, L: number, rows: number): nn.BagBatch {
  const ids = new Int32Array((end - start) * L);
  const offsets = new Int32Array(end - start + 1);
  let n = 0;
  for (let i = start; i < end; i++) {
    for (let l = 0; l < L; l++) {
      const v = seq[i * L + l]!;
      if (v >= 0) ids[n++] = v;
    }
    offsets[i - start + 1] = n;
  }
  return nn.prepareBags(e, ids.subarray(0, n), offsets, rows, "mean", "sequence");
}
