/**
 * A frame: named typed arrays plus a little JSON, in one byte string. It is what a sharded stage
 * hands its workers (the input every shard reads) and what each shard hands back (its part), so
 * the bytes are laid out to be read without copying: a JSON header, then each array 8-byte aligned.
 *
 *   "SLF1" · u32 header length · header JSON · padding · array bytes (each aligned to 8)
 */

export type FrameArray = Int32Array | Uint32Array | Float32Array | Float64Array | Uint8Array | Uint16Array | Int8Array | Int16Array;
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Frame {
  meta: Json;
  arrays: Record<string, FrameArray>;
}

const TYPES = { Int32Array, Uint32Array, Float32Array, Float64Array, Uint8Array, Uint16Array, Int8Array, Int16Array } as const;
type TypeName = keyof typeof TYPES;
const MAGIC = 0x31464c53; // "SLF1" little-endian

interface Header {
  meta: Json;
  arrays: { name: string; type: TypeName; length: number; offset: number }[];
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * @example const bytes = encodeFrame({ meta: { k: 20 }, arrays: { ids: new Int32Array([1, 2]) } })
 */
export function encodeFrame(frame: Frame): Uint8Array {
  const entries = Object.entries(frame.arrays);
  const header: Header = { meta: frame.meta, arrays: [] };
  let offset = 0;
  for (const [name, a] of entries) {
    const type = a.constructor.name as TypeName;
    if (!(type in TYPES)) throw new TypeError(`frame array ${name}: ${type} is not a supported typed array`);
    header.arrays.push({ name, type, length: a.length, offset });
    offset = align8(offset + a.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(8 + json.length);
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  for (const [i, [, a]] of entries.entries()) out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + header.arrays[i]!.offset);
  return out;
}

/**
 * Reads a frame; arrays are views into `bytes` when it is 8-byte aligned (copies otherwise).
 * @example const { meta, arrays } = decodeFrame(bytes)
 */
export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error(`not a Shortlist frame (${bytes.byteLength} bytes, bad magic)`);
  const len = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Header;
  const start = align8(8 + len);
  const arrays: Frame["arrays"] = {};
  for (const a of header.arrays) {
    const Ctor = TYPES[a.type];
    const at = bytes.byteOffset + start + a.offset;
    if (at + a.length * Ctor.BYTES_PER_ELEMENT > bytes.byteOffset + bytes.byteLength) throw new Error(`frame array ${a.name} runs past the end (${bytes.byteLength} bytes)`);
    arrays[a.name] = new Ctor(bytes.buffer as ArrayBuffer, at, a.length);
  }
  return { meta: header.meta, arrays };
}

/**
 * The default merge of shard parts: every array concatenated in shard order, the first part's meta.
 * @example concatFrames([{ meta: {}, arrays: { ids: a } }, { meta: {}, arrays: { ids: b } }]) // ids = a ++ b
 */
export function concatFrames(parts: Frame[]): Frame {
  if (parts.length === 0) return { meta: null, arrays: {} };
  const arrays: Frame["arrays"] = {};
  for (const name of Object.keys(parts[0]!.arrays)) {
    const first = parts[0]!.arrays[name]!;
    const Ctor = first.constructor as new (n: number) => FrameArray;
    const out = new Ctor(parts.reduce((n, p) => n + (p.arrays[name]?.length ?? 0), 0));
    let at = 0;
    for (const [i, p] of parts.entries()) {
      const a = p.arrays[name];
      if (!a || a.constructor !== first.constructor) throw new Error(`shard ${i} has no ${first.constructor.name} array "${name}" to merge`);
      out.set(a as never, at);
      at += a.length;
    }
    arrays[name] = out;
  }
  return { meta: parts[0]!.meta, arrays };
}
