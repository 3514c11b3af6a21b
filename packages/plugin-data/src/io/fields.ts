/**
 * Field splitting and number parsing straight from bytes, for the hot path of ratings files
 * (millions of lines): no string per field, NaN instead of an exception for bad input.
 */

const latin1 = new TextDecoder("latin1");

/**
 * Bytes of a separator: "::" (ML-1M), "\t" (ML-100K), "," (CSV).
 * @example separatorBytes("::") // Uint8Array [58, 58]
 */
export function separatorBytes(sep: string): Uint8Array {
  return new TextEncoder().encode(sep);
}

/**
 * Splits buf[start, end) on `sep`, writing field bounds into starts/ends (up to their capacity).
 * Returns the real number of fields, which may exceed the capacity.
 * @example splitFields(bytes("1::2::5"), 0, 7, bytes("::"), s, e) // 3
 */
export function splitFields(buf: Uint8Array, start: number, end: number, sep: Uint8Array, starts: Int32Array, ends: Int32Array): number {
  const s0 = sep[0]!;
  const slen = sep.length;
  let count = 0;
  let fieldStart = start;
  for (let i = start; i <= end - slen; i++) {
    if (buf[i] !== s0) continue;
    if (slen > 1 && !matchesAt(buf, i, sep)) continue;
    if (count < starts.length) {
      starts[count] = fieldStart;
      ends[count] = i;
    }
    count++;
    fieldStart = i + slen;
    i += slen - 1;
  }
  if (count < starts.length) {
    starts[count] = fieldStart;
    ends[count] = end;
  }
  return count + 1;
}

function matchesAt(buf: Uint8Array, i: number, sep: Uint8Array): boolean {
  for (let k = 1; k < sep.length; k++) if (buf[i + k] !== sep[k]) return false;
  return true;
}

/**
 * Parses a base-10 int32 (optional sign, surrounding spaces allowed); NaN for anything else.
 * @example parseIntBytes(bytes(" -42"), 0, 4) // -42
 */
export function parseIntBytes(buf: Uint8Array, start: number, end: number): number {
  while (start < end && buf[start] === 32) start++;
  while (end > start && buf[end - 1] === 32) end--;
  if (start === end) return NaN;
  let neg = false;
  if (buf[start] === 45 || buf[start] === 43) {
    neg = buf[start] === 45;
    start++;
    if (start === end) return NaN;
  }
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
    if (v > 2147483648) return NaN;
  }
  v = neg ? -v : v;
  return v > 2147483647 ? NaN : v;
}

/**
 * Parses a decimal number ("4", "3.5", "-0.25", "1e3"); NaN for anything else or non-finite.
 * @example parseFloatBytes(bytes("3.5"), 0, 3) // 3.5
 */
export function parseFloatBytes(buf: Uint8Array, start: number, end: number): number {
  while (start < end && buf[start] === 32) start++;
  while (end > start && buf[end - 1] === 32) end--;
  if (start === end) return NaN;
  let i = start;
  let neg = false;
  if (buf[i] === 45 || buf[i] === 43) neg = buf[i++] === 45;
  let v = 0;
  let digits = 0;
  while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
    v = v * 10 + (buf[i++]! - 48);
    digits++;
  }
  if (i < end && buf[i] === 46) {
    i++;
    let scale = 0.1;
    while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
      v += (buf[i++]! - 48) * scale;
      scale /= 10;
      digits++;
    }
  }
  if (i === end) return digits > 0 ? (neg ? -v : v) : NaN;
  // Rare forms (exponents): let the engine decide, but never accept "", "NaN" or "Infinity".
  const text = latin1.decode(buf.subarray(start, end));
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
  return Number(text);
}

/**
 * Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote inside quotes).
 * Returns null when a quote is left open or text follows a closing quote, which the caller reports
 * as a malformed line; `failure`, when given, then says which column (1-based) and why.
 * @example splitCsvLine('1,"Toy Story, The (1995)",Comedy') // ["1", "Toy Story, The (1995)", "Comedy"]
 */
export function splitCsvLine(line: string, delimiter = ",", failure?: CsvFailure): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return failed(failure, out.length + 1, "a quoted field is not closed");
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      if (i < n && line.startsWith(delimiter, i) === false) return failed(failure, out.length, "text follows the closing quote");
    } else {
      const d = line.indexOf(delimiter, i);
      const stop = d < 0 ? n : d;
      out.push(line.slice(i, stop));
      i = stop;
    }
    if (i >= n) return out;
    i += delimiter.length;
    if (i === n) {
      out.push("");
      return out;
    }
  }
}

/** Where and why splitCsvLine gave up on a line. */
export interface CsvFailure {
  column: number;
  why: string;
}

function failed(failure: CsvFailure | undefined, column: number, why: string): null {
  if (failure) [failure.column, failure.why] = [column, why];
  return null;
}
