/**
 * The commands that write one batch of a key family. Every one is idempotent (a whole value per
 * key), so a batch can be sent again after a dropped connection without harm.
 *  - JSON as strings, no TTL: one MSET for the batch (one command for Redis to parse, not N)
 *  - JSON as strings with TTL: SET key value EX ttl per key
 *  - RedisJSON: JSON.SET key $ value per key, then EXPIRE when a TTL is set
 *  - hashes: HSET key field value … per key, then EXPIRE when a TTL is set
 */
import type { KeyFamily } from "./key-families.ts";
import type { EncodedCommand, RespWriter } from "./resp.ts";

export interface WriteMode {
  /** How JSON values are stored: plain strings, or RedisJSON documents. */
  json: "string" | "redisjson";
  /** Seconds to live per key; 0 keeps keys until the next publication retires them. */
  ttlSeconds: number;
}

function key(w: RespWriter, fam: KeyFamily, ns: Uint8Array, g: number): void {
  fam.writeKey(w.arg.reset().raw(ns), g);
  w.bulkArg();
}

function expire(w: RespWriter, fam: KeyFamily, ns: Uint8Array, g: number, ttl: number): void {
  w.begin(3).bulkAscii("EXPIRE");
  key(w, fam, ns, g);
  w.bulkAscii(String(ttl)).end("EXPIRE");
}

/**
 * Encodes the writes of entries [from, to) of a family under namespace `ns`.
 * @example encodeWrites(new RespWriter(), fam, 0, 1000, utf8("app:v3:"), { json: "string", ttlSeconds: 0 }) // [MSET …]
 */
export function encodeWrites(w: RespWriter, fam: KeyFamily, from: number, to: number, ns: Uint8Array, mode: WriteMode): EncodedCommand[] {
  const ttl = mode.ttlSeconds;
  if (fam.shape === "hash") {
    for (let g = from; g < to; g++) {
      w.begin(2 + 2 * fam.fields).bulkAscii("HSET");
      key(w, fam, ns, g);
      fam.writeFields(w, g);
      w.end("HSET");
      if (ttl > 0) expire(w, fam, ns, g, ttl);
    }
  } else if (mode.json === "redisjson") {
    for (let g = from; g < to; g++) {
      w.begin(4).bulkAscii("JSON.SET");
      key(w, fam, ns, g);
      w.bulkAscii("$");
      fam.writeValue(w.arg.reset(), g);
      w.bulkArg().end("JSON.SET");
      if (ttl > 0) expire(w, fam, ns, g, ttl);
    }
  } else if (ttl > 0) {
    for (let g = from; g < to; g++) {
      w.begin(5).bulkAscii("SET");
      key(w, fam, ns, g);
      fam.writeValue(w.arg.reset(), g);
      w.bulkArg().bulkAscii("EX").bulkAscii(String(ttl)).end("SET");
    }
  } else if (to > from) {
    w.begin(1 + 2 * (to - from)).bulkAscii("MSET");
    for (let g = from; g < to; g++) {
      key(w, fam, ns, g);
      fam.writeValue(w.arg.reset(), g);
      w.bulkArg();
    }
    w.end("MSET");
  }
  return w.take();
}

/**
 * One EXISTS over the keys of entries [from, to): its reply counts those present.
 * @example encodeExists(new RespWriter(), fam, 0, 1000, ns) // [EXISTS k0 … k999]
 */
export function encodeExists(w: RespWriter, fam: KeyFamily, from: number, to: number, ns: Uint8Array): EncodedCommand[] {
  w.begin(1 + (to - from)).bulkAscii("EXISTS");
  for (let g = from; g < to; g++) key(w, fam, ns, g);
  w.end("EXISTS");
  return w.take();
}

/** The full key names of entries [from, to), as strings (for renames and tests). */
export function keyNames(fam: KeyFamily, from: number, to: number, ns: string, w: RespWriter): string[] {
  const out: string[] = [];
  const nsBytes = new TextEncoder().encode(ns);
  const dec = new TextDecoder();
  for (let g = from; g < to; g++) {
    fam.writeKey(w.arg.reset().raw(nsBytes), g);
    out.push(dec.decode(w.arg.view()));
  }
  return out;
}
