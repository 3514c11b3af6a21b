/**
 * One tower of the two-tower model: an embedding per categorical feature (the id included), a
 * mean-pooled embedding bag per multi-valued feature, the standardised numeric features as they
 * are, all concatenated into an MLP whose last layer is linear (Merlin's towers), optionally
 * L2-normalised. Rows of a batch are entity indices into the encoded features.
 */
import { type Tensor, type TensorEngine, tidy } from "@shortlist/core-gpu";
import { concat, Embedding, EmbeddingBag, l2Normalize, MLP, prepareBags, prepareIds, Rng, type Activation, type Module } from "@shortlist/core-gpu/nn";
import type { BagFeature, CategoricalFeature, Feature, NumericFeature } from "./features.ts";

export interface TowerOptions {
  /** Embedding width of the id feature and of the other categorical / multi-valued features. */
  idDim: number;
  featureDim: number;
  /** MLP output sizes, e.g. [128, 64]. */
  layers: number[];
  activation: Activation;
  dropout: number;
  /** Training only: the chance that a row's id reads as the unknown id (DropoutNet's input dropout). */
  idDropout?: number;
  l2Normalize: boolean;
}

export class Tower implements Module {
  readonly embeddings: { feature: CategoricalFeature; layer: Embedding }[] = [];
  readonly bags: { feature: BagFeature; layer: EmbeddingBag }[] = [];
  readonly numeric: NumericFeature[];
  readonly mlp: MLP;
  /** Entities the tower can encode (rows of every feature). */
  readonly size: number;

  /**
   * @example
   * const users = new Tower(engine, "user", encodeFeatures(...), { idDim: 64, featureDim: 16, layers: [128, 64], activation: "relu", dropout: 0, l2Normalize: false }, new Rng(1));
   */
  constructor(readonly engine: TensorEngine, readonly name: string, readonly features: Feature[], readonly o: TowerOptions, rng: Rng) {
    const init = { kind: "truncatedNormal" as const, scale: 0.05 };
    let width = 0;
    features.forEach((f, k) => {
      const dim = k === 0 ? o.idDim : o.featureDim;
      if (f.kind === "categorical") this.embeddings.push({ feature: f, layer: new Embedding(engine, f.cardinality, dim, { rng, init }) });
      else if (f.kind === "bag") this.bags.push({ feature: f, layer: new EmbeddingBag(engine, f.cardinality, dim, "mean", { rng, init }) });
      width += f.kind === "numeric" ? 1 : dim;
    });
    this.numeric = features.filter((f): f is NumericFeature => f.kind === "numeric");
    this.mlp = new MLP(engine, [width, ...o.layers], { rng, activation: o.activation, lastActivation: false, dropout: o.dropout });
    this.size = features[0]!.kind === "categorical" ? features[0]!.codes.length : 0;
  }

  /** Output vector width. */
  get dim(): number {
    return this.o.layers[this.o.layers.length - 1]!;
  }

  /** Vectors [B, dim] of entities `rows`; `training` turns dropout (and id dropout) on. */
  forward(rows: Int32Array, training?: { seed: number }): Tensor {
    const parts: Tensor[] = [];
    const idDropout = training && this.o.idDropout ? { p: this.o.idDropout, rng: new Rng(training.seed, 0x1dd0) } : undefined;
    this.embeddings.forEach(({ feature: f, layer }, k) => {
      const codes = Int32Array.from(rows, (r) => f.codes[r]!);
      // The id is embeddings[0] (features[0] is always the categorical id).
      if (k === 0 && idDropout) for (let b = 0; b < codes.length; b++) if (idDropout.rng.float() < idDropout.p) codes[b] = 0;
      parts.push(layer.forward(prepareIds(this.engine, codes, f.cardinality, `${this.name} feature ${f.name}`)));
    });
    for (const { feature: f, layer } of this.bags) parts.push(layer.forward(this.bagBatch(f, rows)));
    if (this.numeric.length > 0) {
      const x = new Float32Array(rows.length * this.numeric.length);
      rows.forEach((r, b) => this.numeric.forEach((f, j) => (x[b * this.numeric.length + j] = f.values[r]!)));
      parts.push(this.engine.fromHost(x, [rows.length, this.numeric.length]));
    }
    const h = this.mlp.forward(parts.length === 1 ? parts[0]! : concat(parts), training);
    return this.o.l2Normalize ? l2Normalize(h) : h;
  }

  private bagBatch(f: BagFeature, rows: Int32Array) {
    const offsets = new Int32Array(rows.length + 1);
    rows.forEach((r, b) => (offsets[b + 1] = offsets[b]! + f.offsets[r + 1]! - f.offsets[r]!));
    const ids = new Int32Array(offsets[rows.length]!);
    rows.forEach((r, b) => ids.set(f.codes.subarray(f.offsets[r]!, f.offsets[r + 1]!), offsets[b]!));
    return prepareBags(this.engine, ids, offsets, f.cardinality, "mean", `${this.name} feature ${f.name}`);
  }

  /**
   * Vectors of all entities (inference, no dropout), computed `block` rows at a time.
   * @example const userVecs = await tower.encodeAll(); // [size × dim]
   */
  async encodeAll(block = 4096): Promise<Float32Array> {
    const out = new Float32Array(this.size * this.dim);
    for (let from = 0; from < this.size; from += block) {
      const rows = Int32Array.from({ length: Math.min(block, this.size - from) }, (_, i) => from + i);
      const y = tidy(() => this.forward(rows));
      out.set((await y.read()) as Float32Array, from * this.dim);
      y.dispose();
    }
    return out;
  }

  parameters(): Map<string, Tensor> {
    const m = new Map<string, Tensor>();
    for (const { feature, layer } of this.embeddings) m.set(`emb.${feature.name}`, layer.table);
    for (const { feature, layer } of this.bags) m.set(`bag.${feature.name}`, layer.table);
    this.mlp.parameters().forEach((t, n) => m.set(`mlp.${n}`, t));
    return m;
  }
}
