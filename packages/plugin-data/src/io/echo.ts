/**
 * Makes input text safe to echo in an error: a binary or hostile file must not put raw control
 * bytes (escape sequences, NUL, bidi overrides, line separators) on the user's terminal, nor a
 * megabyte-long "line" into a message.
 */

/** Control, format (bidi, BOM), line/paragraph separator, private-use and lone-surrogate characters. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u;
const SHORT: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * `text` with every non-printable character escaped (\t, \n, \r, \xNN below U+0100, else \uNNNN)
 * and cut to about `max` characters, "…" marking the cut.
 * @example printable("1::2\u0000::\u001b[31m") // "1::2\\x00::\\x1b[31m"
 */
export function printable(text: string, max = 160): string {
  let out = "";
  for (const ch of text) {
    if (out.length >= max) return out + "…";
    out += UNSAFE.test(ch) ? escape(ch) : ch;
  }
  return out;
}

/**
 * A field value for a message: quoted, JSON-style escaped (quotes and backslashes too), capped.
 * @example quoted('say "hi"') // '"say \\"hi\\""'
 */
export function quoted(text: string, max = 60): string {
  return `"${printable(text.replace(/[\\"]/g, (c) => "\\" + c), max)}"`;
}

function escape(ch: string): string {
  const short = SHORT[ch];
  if (short) return short;
  const code = ch.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, "0")}`;
  return code < 0x10000 ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
}
