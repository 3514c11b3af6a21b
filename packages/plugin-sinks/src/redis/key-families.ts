/**
 * A key family is one artifact laid out as Redis keys: recommendation lists as JSON under
 * `USER:{id}`, neighbour lists as JSON under `I2I:{algo}:{id}`, feature rows as hashes under
 * `FEATURES:{table}:{id}`. Families write their keys and values straight into byte buffers.
 */
import { listAt, UserError, type Table } from "@shortlist/runner";
import { familyOf } from "../artifact-names.ts";
import { rankedLists } from "../ranked-lists.ts";
import { IntTexts, type ByteBuffer } from "./byte-buffer.ts";
import { keyPattern, type KeyPattern } from "./key-layout.ts";
import type { RespWriter } from "./resp.ts";

export interface KeyTemplates {
  userKey: string;
  i2iKey: string;
  featureKey: string;
}

interface FamilyBase {
  artifact: string;
  pattern: KeyPattern;
  /** Number of keys. */
  keys: number;
  /** Source rows these keys hold. */
  rows: number;
  /** Source rows that entries [from, to) hold (a shard's share of `rows`). */
  rowsIn(from: number, to: number): number;
  /** Writes the key of entry g (without the namespace). */
  writeKey(buf: ByteBuffer, g: number): void;
}

export interface JsonFamily extends FamilyBase {
  shape: "json";
  writeValue(buf: ByteBuffer, g: number): void;
}

export interface HashFamily extends FamilyBase {
  shape: "hash";
  /** Field/value pairs per key (the same for every key). */
  fields: number;
  writeFields(w: RespWriter, g: number): void;
}

export type KeyFamily = JsonFamily | HashFamily;

function idWriter(pattern: KeyPattern, keys: ArrayLike<number>) {
  return (buf: ByteBuffer, g: number) => void buf.raw(pattern.head).int(keys[g]!).raw(pattern.tail);
}

/** `{"user_id":42,"recommendations":[7,9,…]}`: the shape of the Merlin/Redis batch notebook. */
function recsFamily(artifact: string, t: Table, template: string, algo: string): JsonFamily {
  const l = rankedLists(t, artifact);
  const pattern = keyPattern("userKey", template, { algo });
  const texts = IntTexts.of(l.ids);
  return {
    shape: "json", artifact, pattern, keys: l.keys.length, rows: l.rows,
    rowsIn: (from, to) => l.starts[to]! - l.starts[from]!,
    writeKey: idWriter(pattern, l.keys),
    writeValue(buf, g) {
      buf.ascii('{"user_id":').int(l.keys[g]!).ascii(',"recommendations":[');
      const start = l.starts[g]!, end = l.starts[g + 1]!;
      for (let r = start; r < end; r++) {
        if (texts) buf.intText(texts, l.ids[r]!, r > start ? 44 : -1); // 44: ","
        else (r > start ? buf.ascii(",") : buf).int(l.ids[r]!);
      }
      buf.ascii("]}");
    },
  };
}

/** `[{"item_id":7,"score":0.5},…]` in rank order. */
function i2iFamily(artifact: string, t: Table, template: string, algo: string): JsonFamily {
  const l = rankedLists(t, artifact);
  const pattern = keyPattern("i2iKey", template, { algo });
  const f32 = l.scores instanceof Float32Array;
  return {
    shape: "json", artifact, pattern, keys: l.keys.length, rows: l.rows,
    rowsIn: (from, to) => l.starts[to]! - l.starts[from]!,
    writeKey: idWriter(pattern, l.keys),
    writeValue(buf, g) {
      buf.ascii("[");
      for (let r = l.starts[g]!, end = l.starts[g + 1]!; r < end; r++) {
        if (r > l.starts[g]!) buf.ascii(",");
        buf.ascii('{"item_id":').int(l.ids[r]!).ascii(',"score":');
        try {
          buf.number(l.scores[r]!, f32);
        } catch {
          throw new UserError(`${artifact} row ${r}: score is ${l.scores[r]}, which JSON cannot hold`);
        }
        buf.ascii("}");
      }
      buf.ascii("]");
    },
  };
}

/**
 * One hash per row, keyed by the column named like the entity (`features.user` → `user`); a list
 * column (`recent_items`) is one field holding its JSON array, `[12,7,40]`.
 */
function featuresFamily(artifact: string, t: Table, template: string, entity: string): HashFamily {
  const keyCol = t.columns[entity];
  if (!keyCol || Array.isArray(keyCol)) {
    throw new UserError(`${artifact} needs a numeric "${entity}" column as its key (columns: ${Object.keys(t.columns).join(", ")})`);
  }
  const others = Object.entries(t.columns).filter(([name]) => name !== entity);
  const lists = Object.entries(t.lists ?? {});
  const pattern = keyPattern("featureKey", template, { table: entity });
  return {
    shape: "hash", artifact, pattern, keys: t.length, rows: t.length, fields: others.length + lists.length,
    rowsIn: (from, to) => to - from,
    writeKey: idWriter(pattern, keyCol),
    writeFields(w, g) {
      for (const [name, col] of others) {
        w.bulkUtf8(name);
        const v = col[g]!;
        if (typeof v === "string") w.bulkUtf8(v);
        else {
          w.arg.reset().number(v, col instanceof Float32Array);
          w.bulkArg();
        }
      }
      for (const [name, l] of lists) {
        w.bulkUtf8(name);
        w.bulkUtf8(`[${listAt(l, g).join(",")}]`);
      }
    },
  };
}

/**
 * Lays an artifact out as keys, or says why it cannot be.
 * @example const fam = keyFamily("recs.itemcf", recsTable, { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "FEATURES:{table}:{id}" })
 */
export function keyFamily(artifact: string, t: Table, templates: KeyTemplates): KeyFamily {
  const fam = familyOf(artifact);
  switch (fam.kind) {
    case "recs": return recsFamily(artifact, t, templates.userKey, fam.algo);
    case "i2i": return i2iFamily(artifact, t, templates.i2iKey, fam.algo);
    case "features": return featuresFamily(artifact, t, templates.featureKey, fam.entity);
    default:
      throw new UserError(`sink.redis cannot write ${artifact}: it writes recs.<algo>, i2i.<algo> and features.<entity> tables (use sink.parquet for other artifacts)`);
  }
}

/** Refuses two families whose keys would overwrite each other. */
export function checkDistinctPatterns(families: readonly KeyFamily[]): void {
  const seen = new Map<string, string>();
  for (const f of families) {
    const other = seen.get(f.pattern.text);
    if (other) {
      throw new UserError(`${other} and ${f.artifact} would both be written to keys "${f.pattern.text}": put {algo} in the key template (e.g. userKey: "USER:{algo}:{id}") or list only one of them in artifacts`);
    }
    seen.set(f.pattern.text, f.artifact);
  }
}
