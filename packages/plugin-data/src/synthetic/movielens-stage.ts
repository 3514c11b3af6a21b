/** data.synthetic.movielens: seeded ML-1M-shaped users, movies and ratings from a planted structure. */
import { defineStage, UserError, type StageContext } from "@shortlist/runner";
import { z } from "zod";
import { buildWorld, interactionsTable, itemsTable, usersTable } from "./movielens.ts";
import { MAX_RATINGS, MIN_RATINGS, PRESET_NAMES, PRESETS, type PresetName, type SyntheticSize } from "./presets.ts";

export const syntheticMovieLensOptions = z.object({
  preset: z
    .enum(PRESET_NAMES)
    .default("ml-100k")
    .describe(`Size preset (users × items × ratings): ${Object.entries(PRESETS).map(([k, v]) => `${k} ${v.users}×${v.items}×${v.ratings}`).join(", ")}`),
  users: z.number().int().min(1).max(10_000_000).optional().describe("Number of users (overrides the preset)"),
  items: z.number().int().min(2).max(10_000_000).optional().describe("Number of movies (overrides the preset)"),
  ratings: z.number().int().min(MIN_RATINGS).max(MAX_RATINGS).optional().describe("Number of ratings, 1,000 to 100,000,000 (overrides the preset)"),
  dims: z.number().int().min(1).max(64).default(8).describe("Latent dimensions of the planted user and item factors"),
  seed: z.number().int().optional().describe("Seed of the generator (default: the pipeline seed); the same seed gives the same bytes"),
});

export type SyntheticMovieLensOptions = z.output<typeof syntheticMovieLensOptions>;

/**
 * The size an options object asks for: the preset, with any explicit knob overriding it.
 * @example sizeOf({ preset: "ml-1m", ratings: 2_000_000 }) // { users: 6040, items: 3706, ratings: 2000000 }
 */
export function sizeOf(o: Pick<SyntheticMovieLensOptions, "preset" | "users" | "items" | "ratings">): SyntheticSize {
  const p = PRESETS[o.preset as PresetName];
  return { users: o.users ?? p.users, items: o.items ?? p.items, ratings: o.ratings ?? p.ratings };
}

/**
 * Generates and outputs interactions, users and items (shared with data.movielens path "synthetic").
 * @example await runSynthetic(ctx, { preset: "ml-1m", dims: 8 })
 */
export async function runSynthetic(ctx: StageContext, o: SyntheticMovieLensOptions): Promise<void> {
  const size = sizeOf(o);
  let world;
  try {
    world = buildWorld(size, o.seed ?? ctx.seed, { dims: o.dims });
  } catch (e) {
    if (e instanceof RangeError) throw new UserError(`data.synthetic.movielens: ${e.message}`);
    throw e;
  }
  ctx.log(`synthetic MovieLens: ${size.users} users × ${size.items} movies × ${size.ratings} ratings, seed ${world.seed}`);
  ctx.output("users", usersTable(world));
  ctx.output("items", itemsTable(world));
  ctx.output(
    "interactions",
    interactionsTable(world, (done) => {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error("aborted");
      ctx.progress(done, size.ratings, "ratings");
    }),
  );
}

export const syntheticMovieLens = defineStage({
  kind: "source",
  description: "Seeded ML-1M-shaped data (users, movies, ratings) with planted, learnable structure",
  options: syntheticMovieLensOptions,
  inputs: [],
  outputs: ["interactions", "users", "items"],
  run: runSynthetic,
});
