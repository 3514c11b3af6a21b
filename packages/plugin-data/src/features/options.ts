/** Options of data.features: the schema is their only documentation. */
import { z } from "zod";

export const featuresOptions = z
  .object({
    split: z
      .enum(["leave-last", "ratio", "time"])
      .default("leave-last")
      .describe(
        'How rows are held out. "leave-last": each user\'s last testCount rows by time form the test split (MetaSpore); ' +
          '"ratio": each user\'s rows, shuffled with the seed, split by ratios (RecBole RS); "time": rows at or after a global time cut form the test split. ' +
          "Time order ties are broken by ascending item id, then by source row.",
      ),
    testCount: z.number().int().min(1).default(1).describe("leave-last: rows per user held out for test (users with fewer than testCount + validCount + 1 rows stay wholly in train)"),
    validCount: z.number().int().min(0).default(0).describe("leave-last: rows per user, just before the test rows, held out for validation"),
    ratios: z
      .tuple([z.number().min(0), z.number().min(0), z.number().min(0)])
      .default([0.8, 0.1, 0.1])
      .describe("ratio: train/valid/test shares per user; valid and test get floor(share × rows), at least 1 while train keeps 2+ (RecBole), train the rest"),
    cutAt: z.number().int().optional().describe("time: unix seconds; rows at or after go to test (default: the time that leaves testShare of rows after it)"),
    validCutAt: z.number().int().optional().describe("time: unix seconds; rows from here to cutAt go to valid (default: from validShare)"),
    testShare: z.number().gt(0).lt(1).default(0.1).describe("time, without cutAt: share of the latest rows held out for test (ties at the cut go to test)"),
    validShare: z.number().min(0).lt(1).default(0).describe("time, without validCutAt: share of rows just before the test cut held out for validation"),
    holdoutMinRating: z
      .number()
      .optional()
      .describe(
        "Only rows rated at least this are held out for valid/test; lower rows stay in train (unlike minRating, which drops them everywhere). " +
          "leave-last holds out each user's last testCount such rows (MetaSpore: holdoutMinRating 3, testCount 3); ratio and time move lower held-out rows back to train",
      ),
    minRating: z.number().optional().describe("Filter before splitting: drop rows rated below this"),
    kCore: z.number().int().min(0).default(0).describe("Filter before splitting: repeatedly drop users and items with fewer than k rows (0 = off)"),
    maxLen: z.number().int().min(0).max(200).default(10).describe("Sequence features: how many previous training items (oldest first) to keep"),
    highAt: z.number().default(4).describe('Dense statistics: a rating at or above this counts as "high" (for the high_share features)'),
    retrieval: z.boolean().default(false).describe("Also write samples.retrieval: training positives plus sampled negatives"),
    negatives: z.number().int().min(0).default(4).describe("retrieval: negatives per positive"),
    negativeExponent: z.number().min(0).default(0.75).describe("retrieval: negatives are drawn ∝ training popularity^exponent (0 = uniform over trained items)"),
    retrievalMinRating: z.number().optional().describe("retrieval: training rows rated at least this are positives (default: every training row)"),
    ranking: z.boolean().default(false).describe("Also write samples.ranking: labelled rows of every split with leakage-free features"),
    positiveAt: z.number().default(4).describe("ranking: rating ≥ this → label 1"),
    negativeAt: z.number().default(2).describe("ranking: rating ≤ this → label 0; ratings in between are dropped"),
  })
  .refine((o) => o.negativeAt < o.positiveAt, { message: "negativeAt must be below positiveAt", path: ["negativeAt"] })
  .refine((o) => o.ratios[0] > 0 && o.ratios[0] + o.ratios[1] + o.ratios[2] > 0, { message: "ratios need a positive train share", path: ["ratios"] });

export type FeaturesOptions = z.output<typeof featuresOptions>;

/**
 * Artifact names data.features writes for these options.
 * @example featuresOutputs({ retrieval: false, ranking: true }) // [..., "vocab", "samples.ranking"]
 */
export function featuresOutputs(o: Pick<FeaturesOptions, "retrieval" | "ranking">): string[] {
  return [
    "split.train",
    "split.valid",
    "split.test",
    "features.user",
    "features.item",
    "features.item_feature",
    "features.genre",
    "vocab",
    ...(o.retrieval ? ["samples.retrieval"] : []),
    ...(o.ranking ? ["samples.ranking"] : []),
  ];
}
