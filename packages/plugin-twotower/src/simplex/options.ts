/** recall.simplex's options: RecBole's SimpleX.yaml names and defaults where it has them, then what ML-100K validation chose. */
import { z } from "zod";

export const simplexOptions = z.object({
  input: z.string().min(1).default("split.train").describe("Interactions to learn from ({ user, item, timestamp? }; each row is one positive; timestamp orders histories)"),
  valid: z.string().default("split.valid").describe('Held-out interactions judged every epoch for early stopping and the best epoch ("" → no validation: every epoch runs and the last is kept)'),
  exclude: z.array(z.string().min(1)).default([]).describe('More tables whose (user, item) pairs are never recommended in recs.<algo>, e.g. ["split.valid"] in the RecBole protocol (training items always are)'),
  algo: z.string().regex(/^[A-Za-z0-9_-]+$/).default("simplex").describe("Names the outputs: recs.<algo>, emb.<algo>.user, emb.<algo>.item, training.<algo>"),
  k: z.number().int().min(1).default(20).describe("Recommendations per user in recs.<algo> (full catalogue, seen items excluded)"),
  dim: z.number().int().min(1).default(64).describe("Embedding size of users and items (RecBole embedding_size)"),
  gamma: z.number().min(0).max(1).default(0.3).describe("Weight g of the user's own embedding in g·e_u + (1−g)·W·mean(history) (RecBole gamma 0.5; 0.3 chosen on ML-100K validation)"),
  aggregator: z.enum(["mean"]).default("mean").describe("How the history is pooled (RecBole's mean; its attention aggregators are not built)"),
  historyLen: z.number().int().min(1).default(50).describe("Most recent distinct training items per user in the history (RecBole history_len)"),
  dropout: z.number().min(0).lt(1).default(0.1).describe("Dropout on the fused user vector in training (RecBole dropout_prob)"),
  margin: z.number().min(-1).max(1).default(0.5).describe("Negatives with cosine below this cost nothing (RecBole margin 0.5, the paper 0.4–0.9 by dataset; 0.5 chosen on ML-100K validation by `shortlist tune examples/movielens-recbole-tune-simplex.yaml`, over 0.3–0.7 × negativeWeight 10–40)"),
  negativeWeight: z.number().min(0).default(20).describe("Weight w of the negatives' mean loss against the positive's (RecBole negative_weight 10, the paper up to 150; 20 chosen on ML-100K validation, by hand and again by `shortlist tune`)"),
  negatives: z.number().int().min(0).default(0).describe("Uniform negatives per positive, redrawn when the user has the item (RecBole train_neg_sample_args sample_num); 0: every item the user has not seen is a negative (one batch × catalogue product per step; better and ~2.7× cheaper than 100 sampled on ML-100K), falling back to 100 sampled when batchSize × items exceeds 32 Mi"),
  regWeight: z.number().min(0).default(1e-5).describe("L2 term of the loss as RecBole's reg_weight: regWeight · (sum of the Frobenius norms of the batch's user, positive, history and negative embedding rows) / batch size (not weight decay)"),
  lr: z.number().gt(0).default(0.01).describe("Adam learning rate (RecBole learning_rate 0.001; 0.01 chosen on ML-100K validation)"),
  batchSize: z.number().int().min(1).default(1024).describe("Positives per step"),
  epochs: z.number().int().min(1).default(30).describe("Most epochs"),
  patience: z.number().int().min(0).default(5).describe("Stop after this many epochs without a better validation metric (0: never); the best epoch is restored (RecBole stopping_step 10; 5 chosen on ML-100K validation over 3)"),
  metric: z.enum(["ndcg", "recall"]).default("ndcg").describe("Validation metric for early stopping and the best epoch"),
  validK: z.number().int().min(1).default(10).describe("Cut-off K of the validation metric"),
  engine: z.enum(["auto", "cpu", "webgpu"]).default("auto").describe("Training engine (auto: WebGPU on a hardware GPU, else the CPU engine)"),
});

export type SimplexOptions = z.output<typeof simplexOptions>;
