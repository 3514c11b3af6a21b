/**
 * A stage's outputs at some options, derived from its outputs at other options far more cheaply
 * than running it: ItemCF's top-50 neighbour lists are the first 50 rows of each top-800 list (the
 * lists are ordered by score, ties by item id, so a prefix of a longer list is exactly the shorter
 * list). The runner itself never calls it; `shortlist tune` (@shortlist/plugin-tuner) does, when a
 * trial needs a stage its search cache holds only at options that cover it, with the same seed and
 * input hashes. A derived output must equal what `run` writes at those options, byte for byte once
 * encoded; each stage that declares `derive` has a test that checks this.
 */
import type { Artifact } from "./artifacts.ts";

export interface StageDerive<O> {
  /**
   * Whether the outputs computed at options `from` hold the outputs at `to` (same inputs, same
   * seed). False unless `derive` gives exactly what `run` would at `to`.
   * @example covers: (from, to) => from.neighbours >= to.neighbours && same({ ...from, neighbours: 0 }, { ...to, neighbours: 0 })
   */
  covers(from: O, to: O): boolean;
  /**
   * The outputs at `to`, by artifact name (as `run` names them through ctx.output), from the
   * outputs computed at `from` (by the same names).
   * @example derive: (out, from, to) => ({ [to.output]: cutNeighbours(out[from.output], to.neighbours) })
   */
  derive(outputs: Record<string, Artifact>, from: O, to: O): Record<string, Artifact>;
}
