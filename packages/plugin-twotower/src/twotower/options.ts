/** Options of recall.twotower: the schema is their only documentation (`shortlist plugins` prints it). */
import { z } from "zod";

const columns = (who: string) =>
  z.array(z.string().min(1)).optional().describe(`Columns of the ${who} table the ${who.replace(/s$/, "")} tower reads besides the id (default: every column but the id and skipColumns; [] = the id alone)`);

export const twotowerOptions = z.object({
  input: z.string().min(1).default("split.train").describe("Training interactions { user, item, … }: the positives (see positives)"),
  positives: z.enum(["rows", "distinct"]).default("rows").describe('"rows": every training row is a positive (a pair seen twice counts twice, as Merlin trains on rows); "distinct": each (user, item) pair once, so items a user repeats, which evaluation excludes, do not dominate'),
  valid: z.string().default("split.valid").describe('Held-out interactions scored after every epoch (early stopping, best epoch restored); "" = none, train every epoch'),
  users: z.string().default("users").describe('User feature table { user, …columns } (data.* sources write "users"); "" = the id alone'),
  items: z.string().default("items").describe('Item feature table { item, …columns }; "" = the id alone'),
  userFeatures: columns("users"),
  itemFeatures: columns("items"),
  skipColumns: z.array(z.string()).default(["title"]).describe("Columns never used as features (free text)"),
  prefixes: z.record(z.string(), z.number().int().min(1)).default({ zip: 1 }).describe("Column → keep only this many leading characters (MovieLens zip code → region)"),
  catalogue: z.enum(["items", "train"]).default("items").describe('Items scored for every user: "items" = every item of the items table and of training (cold items through their features), "train" = training items only'),
  minIdCount: z.number().int().min(0).default(0).describe("User and item ids with fewer training rows share the unknown id's embedding row, so rare ones are represented by their features (NVTabular Categorify's freq_threshold); 0 = every id its own row"),
  minFeatureCount: z.number().int().min(0).default(0).describe("Values of every other categorical or multi-valued feature whose users (items) have fewer training rows between them read as unknown, so a column that is the id in disguise or a rare value adds no barely trained row (NVTabular applies freq_threshold to every column); 0 = every value its own row"),
  idDropout: z.number().min(0).lt(1).default(0).describe("While training, each row's user and item id reads as the unknown id with this chance, so the feature embeddings learn to stand for the id (DropoutNet, Volkovs et al. 2017: better vectors for rare and cold ids)"),
  idDim: z.number().int().min(1).default(64).describe("Embedding width of the user and item ids"),
  featureDim: z.number().int().min(1).default(16).describe("Embedding width of every other categorical or multi-valued feature"),
  tower: z.array(z.number().int().min(1)).min(1).default([128, 64]).describe("MLP sizes of each tower; the last is the vector width and its layer is linear (Merlin: [128, 64])"),
  activation: z.enum(["relu", "tanh"]).default("relu").describe("Activation between MLP layers"),
  dropout: z.number().min(0).lt(1).default(0).describe("Dropout after each hidden MLP layer while training"),
  l2Normalize: z.boolean().default(false).describe("L2-normalise both towers' outputs (scores become cosines; pair with a temperature below 1)"),
  temperature: z.number().gt(0).default(1).describe("Logits are divided by it"),
  logQ: z.boolean().default(false).describe("Subtract log of each column's expected count (sampling-bias correction of in-batch negatives)"),
  negatives: z.number().int().min(0).default(0).describe("Extra sampled negatives per batch, shared by its rows (0 = in-batch negatives only)"),
  negativeSampler: z.enum(["uniform", "popularity"]).default("popularity").describe("How extra negatives are drawn: uniform over the catalogue or ∝ training popularity^0.75"),
  maxRowsPerUser: z.number().int().min(0).default(0).describe("Each epoch trains on at most this many rows of each user, a fresh seeded sample every epoch, so a few heavy users do not dominate the loss (YouTube DNN's fixed examples per user); 0 = every row"),
  batchSize: z.number().int().min(2).default(4096).describe("Positives per step (each row's negatives are the other rows' items)"),
  epochs: z.number().int().min(1).default(2).describe("Most epochs"),
  patience: z.number().int().min(0).default(0).describe("Stop after this many epochs without a better validation metric (0 = never)"),
  lr: z.number().gt(0).default(1e-3).describe("Adam learning rate"),
  lrSchedule: z.enum(["constant", "cosine"]).default("constant").describe("Learning rate over training: constant, or cosine from lr down to 0 at the end of the last epoch (`epochs`)"),
  weightDecay: z.number().min(0).default(0).describe("Adam L2 weight decay"),
  clipNorm: z.number().gt(0).optional().describe("Clip gradients to this global L2 norm"),
  k: z.number().int().min(1).default(20).describe("Items recommended per user"),
  exclude: z.array(z.string().min(1)).default([]).describe("Tables whose (user, item) pairs are also never recommended, besides the input (e.g. [split.valid] when testing)"),
  metric: z.enum(["recall", "ndcg"]).default("recall").describe("Validation metric"),
  metricK: z.number().int().min(1).default(10).describe("Cut-off of the validation metric"),
  engine: z.enum(["auto", "cpu", "webgpu"]).default("auto").describe("Tensor engine: auto = WebGPU on a hardware GPU, else the CPU"),
  threads: z.number().int().min(1).optional().describe("CPU engine threads (default: the cores)"),
});

export type TwotowerOptions = z.output<typeof twotowerOptions>;
