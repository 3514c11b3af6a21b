/**
 * Why a field is not the number it should be, worded for the user: an id past int32 is "too large"
 * (it is an integer, just not one the columns can hold), not "not an integer".
 */
import { quoted } from "./echo.ts";

export const INT32_MAX = 2147483647;
export const INT32_MIN = -2147483648;

/**
 * The problem with a field that did not parse as an int32.
 * @example intProblem("3000000000") // '"3000000000" is too large: at most 2147483647'
 * @example intProblem("4.5") // '"4.5" is not an integer'
 */
export function intProblem(text: string): string {
  const m = /^[ \t]*([+-]?)\d+[ \t]*$/.exec(text);
  if (!m) return `${quoted(text)} is not an integer`;
  return m[1] === "-" ? `${quoted(text)} is too small: at least ${INT32_MIN}` : `${quoted(text)} is too large: at most ${INT32_MAX}`;
}

/**
 * Parses an int32 field (surrounding spaces allowed) or returns null.
 * @example intField(" 42 ") // 42; intField("4.5") // null; intField("2147483648") // null
 */
export function intField(s: string): number | null {
  if (!/^[ \t]*[+-]?\d+[ \t]*$/.test(s)) return null;
  const v = Number(s);
  return v >= INT32_MIN && v <= INT32_MAX ? v : null;
}
