/**
 * Sizes of the synthetic MovieLens generator. The named presets copy the shapes of the real
 * datasets (users × items × ratings); "ml-100k" is the default because it keeps a demo fast.
 */

export interface SyntheticSize {
  users: number;
  items: number;
  ratings: number;
}

export const PRESETS = {
  tiny: { users: 100, items: 300, ratings: 5_000 },
  "ml-100k": { users: 943, items: 1_682, ratings: 100_000 },
  "ml-1m": { users: 6_040, items: 3_706, ratings: 1_000_000 },
  "ml-10m": { users: 69_878, items: 10_677, ratings: 10_000_000 },
  "ml-25m": { users: 162_541, items: 59_047, ratings: 25_000_000 },
  "100m": { users: 1_000_000, items: 100_000, ratings: 100_000_000 },
} as const satisfies Record<string, SyntheticSize>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as [PresetName, ...PresetName[]];

export const MIN_RATINGS = 1_000;
export const MAX_RATINGS = 100_000_000;
