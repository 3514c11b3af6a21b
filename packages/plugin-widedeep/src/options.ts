/** Options of rank.widedeep (the zod schema is the only place an option is documented). */
import { z } from "zod";

const names = (d: string) => z.array(z.string().min(1)).describe(d);

export const columnOptions = z
  .object({
    sparse: names("Categorical integer columns of the deep part, one embedding per field (and a one-hot wide feature each when wideSingles); a name with * is a pattern, e.g. \"*_code\"").default(["*_code"]),
    dense: names("Numeric columns fed to the MLP after sign·log1p(|x|) (denseLog) and standardisation on the fitting rows; NaN becomes 0").default([
      "user_count", "user_mean_rating", "user_high_share", "item_count", "item_mean_rating", "item_high_share",
    ]),
    crosses: names('Wide crosses as MetaSpore writes them: "user_code#genre_code" is the cross of the two columns (two or more, all different)').default([
      "user_code#genre_code", "user_code#last_genre_code", "item_code#last_item_code",
    ]),
    sequence: names("Columns of one id sequence pooled (mean over non-zero ids; 0 is padding) as an embedding bag, e.g. \"hist_*\"").default(["hist_*"]),
    sequenceShares: z.string().min(1).default("item_code").describe("Sparse field whose embedding table the sequence ids look up (they are codes of it); absent from sparse: the sequence gets its own table"),
    wideSingles: z.boolean().default(true).describe("Add each sparse field as a one-hot wide feature besides the crosses"),
  })
  .strict();

export const widedeepOptions = z
  .object({
    input: z.string().min(1).default("samples.ranking").describe("Samples table ({ split 0/1/2, user, item, label, feature columns }): fit on split 0, stop early on split 1, score split 2"),
    candidates: z.string().min(1).optional().describe('Funnel mode: candidate table to fit on (e.g. "candidates.train"; 10% of its users are held out for early stopping); needs rank'),
    rank: z.string().min(1).optional().describe('Funnel mode: candidate table to rank into recs (e.g. "candidates.test")'),
    k: z.number().int().min(1).default(10).describe("Funnel mode: items kept per user in recs"),
    columns: columnOptions.default(columnOptions.parse({})),
    useWide: z.boolean().default(true).describe("false: the deep part alone"),
    wideBuckets: z.number().int().min(1).default(1 << 20).describe("Rows of the wide part's weight table; every one-hot and crossed feature is hashed into them"),
    embeddingSize: z.number().int().min(1).default(16).describe("Embedding dimension of each sparse field"),
    embeddingRows: z.number().int().min(1).default(100_000).describe("Most rows of one field's embedding table; a value's row is value mod rows (rows = largest fitted value + 1, capped here)"),
    hiddenUnits: z.array(z.number().int().min(1)).min(1).default([1024, 512, 256, 128]).describe("Sizes of the MLP's hidden layers (ReLU, dropout after each)"),
    dropout: z.number().min(0).lt(1).default(0.2).describe("Dropout rate after each hidden layer while training"),
    denseLog: z.boolean().default(true).describe("Apply sign(x)·log1p(|x|) to dense columns before standardising (heavy-tailed counts)"),
    lr: z.number().gt(0).default(0.001).describe("Adam learning rate of the deep part (lazy Adam on the embedding tables)"),
    ftrl: z
      .object({
        alpha: z.number().gt(0).default(0.05),
        beta: z.number().min(0).default(1),
        l1: z.number().min(0).default(0),
        l2: z.number().min(0).default(0),
      })
      .strict()
      .default({ alpha: 0.05, beta: 1, l1: 0, l2: 0 })
      .describe("FTRL-Proximal of the wide part (lazy: only touched buckets update)"),
    batchSize: z.number().int().min(1).default(1024).describe("Rows per mini-batch"),
    epochs: z.number().int().min(1).default(10).describe("Most epochs"),
    patience: z.number().int().min(0).default(2).describe("Stop after this many epochs without a better validation AUC (0: never); the best epoch is restored"),
    backend: z.enum(["auto", "cpu", "webgpu"]).default("auto").describe("Tensor engine: auto = WebGPU on a hardware GPU, else CPU"),
    output: z.string().min(1).default("widedeep").describe("Suffix of the outputs: scores.<output>, model.<output>, training.<output>, recs.<output>"),
  })
  .strict();

export type WidedeepOptions = z.output<typeof widedeepOptions>;
export type ColumnOptions = z.output<typeof columnOptions>;
