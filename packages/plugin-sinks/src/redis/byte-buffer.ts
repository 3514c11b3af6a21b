/**
 * A growable byte buffer with fast ASCII, integer and float writers. Bulk writes build their
 * Redis commands here byte by byte: string concatenation plus UTF-8 encoding cost more than Redis
 * spends storing the keys (see bench/redis-sink.ts).
 */
import { float32Text, float64Text } from "../number-text.ts";

const encoder = new TextEncoder();

/**
 * The decimal text of every integer in [0, max], laid end to end: bulk writes format the same ids
 * (a catalogue of items) millions of times, and copying their digits beats dividing by ten.
 */
export class IntTexts {
  private constructor(
    readonly starts: Int32Array,
    readonly bytes: Uint8Array,
  ) {}

  /** Texts for the values of `column` when they are small non-negative integers, else undefined. */
  static of(column: ArrayLike<number>, limit = 1 << 21): IntTexts | undefined {
    let max = 0;
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!;
      if (!(v >= 0 && v < limit && (v | 0) === v)) return undefined;
      if (v > max) max = v;
    }
    const starts = new Int32Array(max + 2);
    const text = new ByteBuffer(8 * (max + 1));
    for (let v = 0; v <= max; v++) {
      starts[v] = text.length;
      text.int(v);
    }
    starts[max + 1] = text.length;
    return new IntTexts(starts, text.bytes);
  }
}

/** Memory that is written before it is read needs no zeroing (a tenth of a bulk write's time). */
function uninitialised(n: number): Uint8Array {
  return Buffer.allocUnsafeSlow(n);
}

export class ByteBuffer {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = uninitialised(capacity);
  }

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.bytes.length) return;
    const grown = uninitialised(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  reset(): this {
    this.length = 0;
    return this;
  }

  /** The bytes written so far (a view: copy it before the next reset). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Appends a string known to be ASCII (keys, JSON punctuation, digits). */
  ascii(s: string): this {
    if (this.length + s.length > this.bytes.length) this.ensure(s.length);
    const b = this.bytes;
    let n = this.length;
    for (let i = 0; i < s.length; i++) b[n++] = s.charCodeAt(i);
    this.length = n;
    return this;
  }

  /** Appends any string as UTF-8. */
  utf8(s: string): this {
    this.ensure(s.length * 3);
    this.length += encoder.encodeInto(s, this.bytes.subarray(this.length)).written;
    return this;
  }

  /** Appends the first `len` bytes of `src` (all of it by default). */
  raw(src: Uint8Array, len = src.length): this {
    if (this.length + len > this.bytes.length) this.ensure(len);
    const b = this.bytes;
    if (len < 256) {
      // Short copies (keys, values) by hand: a subarray view per copy costs more than the bytes.
      let n = this.length;
      for (let i = 0; i < len; i++) b[n++] = src[i]!;
    } else {
      b.set(len === src.length ? src : src.subarray(0, len), this.length);
    }
    this.length += len;
    return this;
  }

  /**
   * Hands over the bytes written so far without copying them, and continues in a fresh array of
   * the same capacity.
   */
  detach(): Uint8Array {
    const out = this.bytes.subarray(0, this.length);
    this.bytes = uninitialised(this.bytes.length);
    this.length = 0;
    return out;
  }

  /** Appends the decimal text of an integer. */
  int(v: number): this {
    // Int32 fast path with |0 arithmetic: the hot loop of every bulk write (several times faster
    // than Math.floor on doubles).
    if ((v | 0) !== v || v === -2147483648) return this.ascii(String(v));
    if (this.length + 11 > this.bytes.length) this.ensure(11);
    const b = this.bytes;
    if (v < 0) {
      b[this.length++] = 45;
      v = -v;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = (t / 10) | 0) digits++;
    let p = this.length + digits - 1;
    this.length += digits;
    do {
      const q = (v / 10) | 0;
      b[p--] = 48 + v - q * 10;
      v = q;
    } while (v > 0);
    return this;
  }

  /** Appends the byte `sep` (when given, e.g. 44 for ",") and the text of v, an integer within `texts`. */
  intText(texts: IntTexts, v: number, sep = -1): this {
    const from = texts.starts[v]!, to = texts.starts[v + 1]!;
    if (this.length + 12 > this.bytes.length) this.ensure(12);
    const b = this.bytes, src = texts.bytes;
    let n = this.length;
    if (sep >= 0) b[n++] = sep;
    for (let i = from; i < to; i++) b[n++] = src[i]!;
    this.length = n;
    return this;
  }

  /** Appends a number from a numeric column: integers as integers, floats in their shortest form. */
  number(v: number, float32: boolean): this {
    if (Number.isInteger(v)) return this.int(v);
    return this.ascii(float32 ? float32Text(v) : float64Text(v));
  }
}
