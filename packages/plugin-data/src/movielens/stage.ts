/** data.movielens: a MovieLens folder (ML-1M/10M, ML-100K, ml-latest) or, with path "synthetic", generated data. */
import { isAbsolute, resolve } from "node:path";
import { checkPath, defineStage, table, UserError } from "@shortlist/runner";
import { z } from "zod";
import { BadRows } from "../io/bad-rows.ts";
import { PRESET_NAMES, type PresetName } from "../synthetic/presets.ts";
import { runSynthetic } from "../synthetic/movielens-stage.ts";
import { loadMovieLens } from "./load.ts";

/** "synthetic" or "synthetic:<preset>": generated data, no folder to read. */
const SYNTHETIC = /^synthetic(?::(.+))?$/;

const options = z.object({
  path: z
    .string()
    .min(1)
    .describe(
      'MovieLens folder (relative to the pipeline file): ML-1M/ML-10M (ratings.dat), ML-100K (u.data) or ml-latest(-small) (ratings.csv); the layout is detected from the file names. "synthetic" or "synthetic:<preset>" generates data instead (see data.synthetic.movielens)',
    ),
  onBadRow: z.enum(["fail", "skip"]).default("fail").describe('A malformed line stops the stage with file, line and text ("fail") or is skipped and counted ("skip", recorded as skipped_rows)'),
  encoding: z.enum(["auto", "utf-8", "latin1"]).default("auto").describe("Text encoding of titles and tags: auto = Latin-1 for ML-1M/100K files, UTF-8 for ml-latest CSV"),
});

export const movielens = defineStage({
  kind: "source",
  description: "MovieLens ratings, users, movies and tags from a folder (ML-1M/10M, ML-100K, ml-latest), or synthetic",
  options,
  inputs: [],
  outputs: ["interactions", "users", "items", "tags"],
  checkPaths: (o, dir) => (SYNTHETIC.test(o.path) ? [] : [checkPath(["path"], o.path, dir, "folder")].filter((p) => p !== undefined)),
  async run(ctx, o) {
    const synthetic = SYNTHETIC.exec(o.path);
    if (synthetic) {
      const preset = synthetic[1] ?? "ml-100k";
      if (!(PRESET_NAMES as string[]).includes(preset)) {
        throw new UserError(`data.movielens: unknown synthetic preset "${preset}" in path "${o.path}"; use one of ${PRESET_NAMES.map((p) => `synthetic:${p}`).join(", ")}`);
      }
      await runSynthetic(ctx, { preset: preset as PresetName, dims: 8 });
      ctx.output("tags", emptyTags());
      return;
    }
    const folder = isAbsolute(o.path) ? o.path : resolve(ctx.pipelineDir, o.path);
    const bad = new BadRows(o.onBadRow);
    const ml = loadMovieLens(folder, bad, o.encoding === "auto" ? undefined : o.encoding);
    bad.finish(ctx);
    ctx.log(`${ml.layout} at ${folder}: ${ml.interactions.length} ratings, ${ml.users.length} users, ${ml.items.length} movies, ${ml.tags.length} tags`);
    ctx.output("interactions", ml.interactions);
    ctx.output("users", ml.users);
    ctx.output("items", ml.items);
    ctx.output("tags", ml.tags);
  },
});

function emptyTags() {
  return table({ user: new Int32Array(0), item: new Int32Array(0), tag: [], timestamp: new Int32Array(0) });
}
