/**
 * Writes Redis commands in RESP, the wire protocol, the way Redis's "mass insertion" guide
 * advises for bulk loads. Each command is one array of bulk strings; several commands go into one
 * buffer and are cut apart with `commandViews()` so each can be sent (and answered) on its own.
 */
import { ByteBuffer } from "./byte-buffer.ts";

/** One encoded command: its name (for the client's bookkeeping) and its RESP bytes. */
export interface EncodedCommand {
  name: string;
  bytes: Buffer;
}

export class RespWriter {
  readonly out = new ByteBuffer(1 << 18);
  /** Scratch for one argument whose length is known only once written (a JSON value). */
  readonly arg = new ByteBuffer(1 << 10);
  private readonly ends: number[] = [];
  private readonly names: string[] = [];

  /** Starts a command of `argc` arguments (the command name counts). */
  begin(argc: number): this {
    this.out.ascii("*").int(argc).ascii("\r\n");
    return this;
  }

  /** Ends the current command named `name` (marks where it stops in the buffer). */
  end(name: string): this {
    this.ends.push(this.out.length);
    this.names.push(name.toLowerCase());
    return this;
  }

  /** Writes the first `len` bytes of `bytes` as a bulk string. */
  bulk(bytes: Uint8Array, len = bytes.length): this {
    this.out.ascii("$").int(len).ascii("\r\n").raw(bytes, len).ascii("\r\n");
    return this;
  }

  bulkAscii(s: string): this {
    this.out.ascii("$").int(s.length).ascii("\r\n").ascii(s).ascii("\r\n");
    return this;
  }

  bulkUtf8(s: string): this {
    this.arg.reset().utf8(s);
    return this.bulkArg();
  }

  /** Writes `arg` (filled by the caller after `arg.reset()`) as the next bulk string. */
  bulkArg(): this {
    return this.bulk(this.arg.bytes, this.arg.length);
  }

  /** A whole command from string arguments (for the few non-bulk commands). */
  command(args: readonly string[]): this {
    this.begin(args.length);
    for (const a of args) this.bulkUtf8(a);
    return this.end(args[0] ?? "");
  }

  /**
   * The commands written since the last `take` (sharing one copied buffer), and resets the writer.
   * @example
   * const w = new RespWriter(); w.command(["SET", "k", "v"]); w.take() // [{ name: "set", bytes: "*3\r\n$3\r\nSET…" }]
   */
  take(): EncodedCommand[] {
    const bytes = this.out.detach();
    const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const out: EncodedCommand[] = [];
    let start = 0;
    this.ends.forEach((end, i) => {
      out.push({ name: this.names[i]!, bytes: all.subarray(start, end) });
      start = end;
    });
    this.ends.length = 0;
    this.names.length = 0;
    return out;
  }
}
