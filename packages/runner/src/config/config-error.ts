import { UserError } from "../errors.ts";

export interface Where {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
  /** Set when the value came from `--set <flag>` rather than the file: the error names the flag. */
  flag?: string;
}

/**
 * A pipeline-file error: where it is (file:line:col), which config path, what was expected, how to fix it.
 * @example new ConfigError({file:"p.yaml",line:3,col:5}, "stages[0].use", 'unknown stage "recal.itemcf"', "one of: recall.itemcf, …", 'did you mean "recall.itemcf"?')
 */
export class ConfigError extends UserError {
  override name = "ConfigError";
  constructor(
    readonly where: Where,
    readonly path: string,
    readonly problem: string,
    readonly expected?: string,
    readonly fix?: string,
  ) {
    const lines = [`${placeOf(where)}: ${path && !where.flag?.startsWith(`${path}=`) ? path + ": " : ""}${problem}`];
    if (expected) lines.push(`  expected: ${expected}`);
    if (fix) lines.push(`  fix: ${fix}`);
    super(lines.join("\n"));
  }
}

/** `file:line:col`, or `--set <flag>` for a value that no line of the file holds. */
function placeOf(where: Where): string {
  return where.flag === undefined ? `${where.file}:${where.line}:${where.col}` : `--set ${where.flag}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * The known name nearest to `name`, if it is plausibly a typo (distance ≤ max(2, ⅓ of the length)).
 * @example nearest("neighbors", ["neighbours", "shrink"]) // "neighbours"
 */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** "did you mean …?" text for an unknown name, or the list of known names. */
export function suggestion(name: string, known: string[]): string {
  const n = nearest(name, known);
  return n ? `did you mean "${n}"?` : `use one of the known names`;
}
