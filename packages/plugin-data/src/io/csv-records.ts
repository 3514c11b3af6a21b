/**
 * RFC 4180 records over a file's lines: a quoted field may hold the delimiter, doubled quotes and
 * line breaks, so one record can span several lines. Lines are read as for every other reader
 * (chunked, BOM dropped); a line break inside quotes becomes "\n" (a CRLF file's too).
 */
import { UserError } from "@shortlist/runner";
import { splitCsvLine, type CsvFailure } from "./fields.ts";
import { scanLines } from "./line-scanner.ts";
import type { Encoding } from "./text-file.ts";

const UNCLOSED = "a quoted field is not closed";
/** A quote still open after this many lines is a stray quote, not a long field: report it, read on. */
export const MAX_RECORD_LINES = 1000;

/** One record: its fields (null when malformed, `failure` then says why), its text and first line. */
export type RecordHandler = (fields: string[] | null, text: string, lineNo: number, failure: CsvFailure) => void;

/**
 * Calls `onRecord` for every non-blank record of a CSV file. A quote left open runs on to the next
 * lines until it closes; one not closed within MAX_RECORD_LINES lines (or by the end of the file)
 * is reported as a malformed record at the line it opened on, and the lines after it are read again
 * as records of their own (so `onBadRow: skip` loses only that line).
 * @example readCsvRecords("items.csv", "utf-8", ",", (fields, text, n) => …) // 'a,"two\nlines"' → ["a", "two\nlines"]
 */
export function readCsvRecords(path: string, encoding: Encoding, delimiter: string, onRecord: RecordHandler, example = ""): void {
  const decoder = new TextDecoder(encoding);
  const failure: CsvFailure = { column: 0, why: "" };
  let open: { lines: string[]; first: number } | undefined;
  let seen = 0;
  const feed = (text: string, n: number): void => {
    if (!open) {
      if (/^[ \t]*$/.test(text)) return;
      open = { lines: [], first: n };
    }
    open.lines.push(text);
    const record = open.lines.length === 1 ? text : open.lines.join("\n");
    const fields = splitCsvLine(record, delimiter, failure);
    if (!fields && failure.why === UNCLOSED) {
      if (open.lines.length < MAX_RECORD_LINES) return;
      return giveUp(`within ${MAX_RECORD_LINES} lines`);
    }
    seen++;
    const first = open.first;
    open = undefined;
    onRecord(fields, record, first, failure);
  };
  const giveUp = (where: string): void => {
    const { lines, first } = open!;
    open = undefined;
    seen++;
    splitCsvLine(lines[0]!, delimiter, failure);
    onRecord(null, lines[0]!, first, { column: failure.column, why: `${UNCLOSED} ${where} (a stray quote?)` });
    for (let k = 1; k < lines.length; k++) feed(lines[k]!, first + k);
  };
  scanLines(path, (buf, s, e, n) => feed(decoder.decode(buf.subarray(s, e)), n));
  while (open) giveUp("by the end of the file");
  if (seen === 0) throw new UserError(`${path} is empty (only blank lines): expected lines like "${example}"`);
}
