/**
 * Reads a text file line by line as bytes, in fixed-size chunks, so a multi-GB ratings file never
 * sits in memory whole and no string is made for a line nobody needs to see as text.
 */
import { closeSync, openSync, readSync } from "node:fs";

export type LineHandler = (buf: Uint8Array, start: number, end: number, lineNo: number) => void;

const CHUNK = 1 << 22;

/**
 * Calls `onLine` for every line (1-based line numbers; "\n" and "\r\n" endings; the last line may
 * lack a newline). A UTF-8 byte-order mark before line 1 is dropped: editors on Windows write one,
 * and left in it would glue itself to the first field ("\ufeffuserId", "ï»¿9"). Returns the number of lines.
 * @example scanLines("u.data", (buf, s, e, n) => { … }) // 100000
 */
export function scanLines(path: string, onLine: LineHandler): number {
  const fd = openSync(path, "r");
  try {
    let buf = new Uint8Array(CHUNK);
    let filled = 0; // bytes of buf holding data (carried partial line + new read)
    let lineNo = 0;
    let eof = false;
    const emit = (start: number, end: number) => {
      if (lineNo === 0 && end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
      onLine(buf, start, end, ++lineNo);
    };
    while (!eof) {
      if (filled === buf.length) {
        // One line longer than the buffer: grow it rather than split the line.
        const bigger = new Uint8Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
      }
      const got = readSync(fd, buf, filled, buf.length - filled, null);
      if (got === 0) eof = true;
      filled += got;
      let lineStart = 0;
      for (let i = filled - got; i < filled; i++) {
        if (buf[i] !== 10) continue;
        emit(lineStart, i > lineStart && buf[i - 1] === 13 ? i - 1 : i);
        lineStart = i + 1;
      }
      if (eof) {
        if (lineStart < filled) emit(lineStart, buf[filled - 1] === 13 ? filled - 1 : filled);
        break;
      }
      // Keep the unfinished line at the front for the next read.
      buf.copyWithin(0, lineStart, filled);
      filled -= lineStart;
    }
    return lineNo;
  } finally {
    closeSync(fd);
  }
}
