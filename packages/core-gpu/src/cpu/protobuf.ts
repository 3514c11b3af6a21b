/**
 * A minimal protobuf writer: just the wire types an ONNX model needs (varints, length-delimited
 * fields, fixed32 floats). No onnx builder package runs under Bun, and a MatMul graph is a few
 * dozen bytes, so writing the bytes directly is simpler than a dependency.
 */

const encoder = new TextEncoder();

/** A protobuf message under construction: call field writers in any order, then `bytes()`. */
export class ProtoWriter {
  private parts: number[] = [];

  private varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.parts.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.parts.push(Number(x));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  /** A varint field (int32, int64, enum). */
  int(field: number, v: number): this {
    this.tag(field, 0);
    this.varint(v);
    return this;
  }

  /** A 32-bit float field. */
  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(new Float32Array([v]).buffer);
    this.parts.push(...b);
    return this;
  }

  /** A length-delimited field: raw bytes or an embedded message. */
  bytes(field: number, v: Uint8Array | ProtoWriter): this {
    const data = v instanceof ProtoWriter ? v.finish() : v;
    this.tag(field, 2);
    this.varint(data.length);
    for (const b of data) this.parts.push(b);
    return this;
  }

  /** A UTF-8 string field. */
  string(field: number, v: string): this {
    return this.bytes(field, encoder.encode(v));
  }

  /**
   * The encoded message.
   * @example
   * new ProtoWriter().int(1, 150).finish(); // Uint8Array [0x08, 0x96, 0x01]
   */
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
