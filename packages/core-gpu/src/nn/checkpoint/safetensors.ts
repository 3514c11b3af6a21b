/**
 * The safetensors format (https://github.com/huggingface/safetensors#format), so a checkpoint
 * written here loads in PyTorch/`safetensors` and theirs load here:
 *
 *   8 bytes   N, the header length, u64 little-endian
 *   N bytes   UTF-8 JSON: { name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": { str: str } },
 *             padded with spaces so the data starts 8-byte aligned
 *   rest      the tensors' bytes (little-endian), contiguous, offsets relative to the end of the header
 *
 * We write tensors in the Map's order, header keys in the same order. Decoding is as strict as the
 * reference reader: the data must be covered exactly (no overlap, no hole, no trailing bytes, so a
 * file cannot be a polyglot). Only the four dtypes training uses are read; others are refused by name.
 * Typed arrays are read and written in host byte order, which is little-endian on every Bun target
 * (checked once below). Decoded tensors are copies: they never alias the input bytes.
 */

/** The dtypes this reader and writer handle, with their element sizes in bytes. */
const DTYPES = { F32: 4, I32: 4, F64: 8, I64: 8 } as const;
/** Every dtype the format defines, to tell "unsupported here" from "not a safetensors dtype". */
const FORMAT_DTYPES = new Set(["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]);
/** The reference reader's limit: a larger header is refused before it is parsed. */
const MAX_HEADER_BYTES = 100_000_000;

export type SafeDtype = keyof typeof DTYPES;

/** One tensor: `data.length` equals the product of `shape` (1 for a scalar, shape []). */
export interface SafeTensor {
  dtype: SafeDtype;
  shape: number[];
  data: Float32Array | Int32Array | Float64Array | BigInt64Array;
}

/** A decoded file: tensors in file order, and the `__metadata__` map ({} when absent). */
export interface DecodedSafetensors {
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
}

/** A checkpoint that cannot be read or written; `source` names the file (or what was encoded). */
export class CheckpointError extends Error {
  constructor(readonly source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = "CheckpointError";
  }
}

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error("safetensors: this host is big-endian; the typed-array codec assumes little-endian");
}

const ARRAY_OF = { F32: Float32Array, I32: Int32Array, F64: Float64Array, I64: BigInt64Array } as const;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function checkTensor(source: string, name: string, t: SafeTensor): void {
  if (name === "" || name === "__metadata__") throw new CheckpointError(source, `tensor name "${name}" is reserved or empty; pick another`);
  if (!(t.dtype in DTYPES)) throw new CheckpointError(source, `tensor "${name}" has dtype "${String(t.dtype)}", expected one of ${Object.keys(DTYPES).join(", ")}`);
  if (!(t.data instanceof ARRAY_OF[t.dtype])) {
    throw new CheckpointError(source, `tensor "${name}" is ${t.dtype} but its data is a ${t.data.constructor.name}, expected ${ARRAY_OF[t.dtype].name}`);
  }
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CheckpointError(source, `tensor "${name}" has shape ${JSON.stringify(t.shape)}, expected non-negative integers`);
  }
  if (elementCount(t.shape) !== t.data.length) {
    throw new CheckpointError(source, `tensor "${name}" has shape [${t.shape.join(", ")}] (${elementCount(t.shape)} elements) but ${t.data.length} values`);
  }
}

/**
 * Encodes tensors (in the Map's order) and string metadata as one safetensors file.
 * @example
 * const bytes = encodeSafetensors(new Map([["w", { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) }]]), { step: "10" });
 */
export function encodeSafetensors(tensors: ReadonlyMap<string, SafeTensor>, metadata?: Record<string, string>, source = "safetensors"): Uint8Array {
  // Built by hand, not JSON.stringify(object): a JS object would move integer-like names ("0") first.
  const entries: string[] = [];
  if (metadata && Object.keys(metadata).length > 0) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") throw new CheckpointError(source, `metadata "${k}" is a ${typeof v}, expected a string (stringify it first)`);
    }
    entries.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  let offset = 0;
  for (const [name, t] of tensors) {
    checkTensor(source, name, t);
    const end = offset + t.data.byteLength;
    entries.push(`${JSON.stringify(name)}:${JSON.stringify({ dtype: t.dtype, shape: t.shape, data_offsets: [offset, end] })}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${entries.join(",")}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/** The parsed header entry of one tensor, checked for shape but not yet against the data. */
interface Entry {
  name: string;
  dtype: SafeDtype;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(source: string, name: string, raw: unknown): Entry {
  const bad = (what: string) => new CheckpointError(source, `header entry "${name}" ${what}`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("is not an object, expected { dtype, shape, data_offsets }");
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== "string") throw bad(`has dtype ${JSON.stringify(dtype)}, expected a string`);
  if (!(dtype in DTYPES)) {
    const why = FORMAT_DTYPES.has(dtype) ? "is not supported by this reader" : "is not a safetensors dtype";
    throw bad(`has dtype "${dtype}", which ${why}; expected one of ${Object.keys(DTYPES).join(", ")}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw bad(`has shape ${JSON.stringify(shape)}, expected an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw bad(`has data_offsets ${JSON.stringify(offsets)}, expected [begin, end] with 0 ≤ begin ≤ end`);
  }
  return { name, dtype: dtype as SafeDtype, shape: shape as number[], begin: offsets[0] as number, end: offsets[1] as number };
}

function parseMetadata(source: string, raw: unknown): Record<string, string> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === "string")) {
    throw new CheckpointError(source, `"__metadata__" is ${JSON.stringify(raw)}, expected an object of string values`);
  }
  return { ...(raw as Record<string, string>) };
}

function readHeader(bytes: Uint8Array, source: string): { json: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw new CheckpointError(source, `truncated: ${bytes.length} bytes, shorter than the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) {
    throw new CheckpointError(source, `header length ${n} goes beyond the file (${bytes.length} bytes, so at most ${bytes.length - 8}); the file is truncated or not safetensors`);
  }
  if (n > MAX_HEADER_BYTES) throw new CheckpointError(source, `header length ${n} is over the ${MAX_HEADER_BYTES}-byte limit`);
  const headerBytes = bytes.subarray(8, 8 + Number(n));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch {
    throw new CheckpointError(source, "header is not valid UTF-8");
  }
  if (!text.startsWith("{")) throw new CheckpointError(source, `header starts with ${JSON.stringify(text.slice(0, 16))}, expected a JSON object ("{")`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(source, `header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new CheckpointError(source, "header is not a JSON object");
  return { json: json as Record<string, unknown>, dataStart: 8 + Number(n) };
}

/** Checks that the entries tile [0, dataLength) exactly: in range, no overlap, no hole. */
function checkLayout(source: string, entries: Entry[], dataLength: number): void {
  for (const e of entries) {
    if (e.end > dataLength) {
      throw new CheckpointError(source, `tensor "${e.name}" has data_offsets [${e.begin}, ${e.end}] beyond the ${dataLength} data bytes; the file is truncated or its header is wrong`);
    }
    const need = elementCount(e.shape) * DTYPES[e.dtype];
    if (e.end - e.begin !== need) {
      throw new CheckpointError(source, `tensor "${e.name}" has ${e.end - e.begin} bytes (data_offsets [${e.begin}, ${e.end}]) but dtype ${e.dtype} and shape [${e.shape.join(", ")}] need ${need}`);
    }
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < at) throw new CheckpointError(source, `tensors "${prev?.name}" and "${e.name}" overlap (data_offsets end ${at} > begin ${e.begin})`);
    if (e.begin > at) throw new CheckpointError(source, `data bytes [${at}, ${e.begin}) belong to no tensor (a hole before "${e.name}"); expected contiguous tensors`);
    at = e.end;
    prev = e;
  }
  if (at !== dataLength) throw new CheckpointError(source, `${dataLength - at} trailing data bytes after the last tensor belong to no tensor`);
}

/**
 * Decodes a safetensors file; `source` (its path) starts every error message.
 * @example
 * const { tensors, metadata } = decodeSafetensors(await Bun.file(p).bytes(), p);
 */
export function decodeSafetensors(bytes: Uint8Array, source: string): DecodedSafetensors {
  const { json, dataStart } = readHeader(bytes, source);
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name === "__metadata__") metadata = parseMetadata(source, raw);
    else entries.push(parseEntry(source, name, raw));
  }
  checkLayout(source, entries, bytes.length - dataStart);
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const tensors = new Map<string, SafeTensor>();
  for (const e of entries) {
    // A copy into a fresh, aligned buffer, whatever the offset's alignment in the file. (Not
    // bytes.slice(): on a Node Buffer, as readFile returns, slice is a view of the whole file.)
    const copy = new Uint8Array(e.end - e.begin);
    copy.set(bytes.subarray(dataStart + e.begin, dataStart + e.end));
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: new ARRAY_OF[e.dtype](copy.buffer) });
  }
  return { tensors, metadata };
}
