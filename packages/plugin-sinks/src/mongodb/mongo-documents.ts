/**
 * The documents MetaSpore's online code reads (demo/movielens/online: ItemCfMatcher, SwingMatcher,
 * the *_table.yml schemas), built a batch at a time:
 *  - i2i / recs: `{queryid: "7", key: "7", value: [{_1: 12, _2: 0.53}, …]}` in rank order; the
 *    matchers look up `findByQueryidIn(ids)` and read `_1` with toString() and `_2` as a Double
 *  - feature and item tables: `{queryid: "7", <column>: value, …}`
 *  - emb.<algo>.item_ids: `{queryid: "7", milvus_id: "7", item_id: "7"}` (our Milvus ids are item ids)
 * Scores and float columns are BSON doubles even when integral: the driver would store 1.0 as an
 * int32, and MetaSpore's `(Double)` casts would fail on it.
 */
// bson (the driver's own) rather than the driver: loading mongodb costs a third of a second.
import { Double, Long, type Document } from "bson";
import { listAt, UserError, type Column, type Table } from "@shortlist/runner";
import { familyOf } from "../artifact-names.ts";
import { scoreDouble } from "../number-text.ts";
import { rankedLists } from "../ranked-lists.ts";
import { checkUniqueKeys } from "../unique-keys.ts";

export interface DocumentSource {
  artifact: string;
  /** Documents in all. */
  count: number;
  /** Source rows they hold. */
  rows: number;
  /** Documents [from, to). */
  build(from: number, to: number): Document[];
}

export interface DocumentFields {
  /** The lookup field (MetaSpore: queryid), always a string. */
  queryField: string;
  idField: string;
  scoreField: string;
  /** Column renames for table documents (e.g. user → user_id). */
  rename: Record<string, string>;
  /** Key column per table artifact, beside the defaults (features.<entity> → entity, items → item). */
  keyColumns: Record<string, string>;
}

function listDocuments(t: Table, artifact: string, f: DocumentFields): DocumentSource {
  const l = rankedLists(t, artifact);
  const f32 = l.scores instanceof Float32Array;
  return {
    artifact, count: l.keys.length, rows: l.rows,
    build(from, to) {
      const docs: Document[] = [];
      for (let g = from; g < to; g++) {
        const value: Document[] = [];
        for (let r = l.starts[g]!; r < l.starts[g + 1]!; r++) {
          value.push({ [f.idField]: l.ids[r]!, [f.scoreField]: new Double(scoreDouble(l.scores[r]!, f32)) });
        }
        const key = String(l.keys[g]!);
        docs.push({ [f.queryField]: key, key, value });
      }
      return docs;
    },
  };
}

function bsonValue(c: Column, i: number): unknown {
  if (Array.isArray(c)) return c[i];
  const v = c[i]!;
  if (c instanceof Float32Array) return new Double(scoreDouble(v, true));
  if (c instanceof Float64Array) return new Double(v);
  if (c instanceof Uint32Array) return Long.fromNumber(v);
  return v;
}

function defaultKeyColumn(artifact: string): string | undefined {
  const f = familyOf(artifact);
  if (f.kind === "features") return f.entity;
  if (f.kind === "embedding-ids" || artifact === "items") return "item";
  if (artifact === "users") return "user";
  return undefined;
}

function tableDocuments(t: Table, artifact: string, f: DocumentFields): DocumentSource {
  const keyName = f.keyColumns[artifact] ?? defaultKeyColumn(artifact);
  if (!keyName) throw new UserError(`sink.mongodb does not know the key column of ${artifact}: name it in keyColumns, e.g. keyColumns: { "${artifact}": "item" }`);
  const key = t.columns[keyName];
  if (!key) throw new UserError(`${artifact} has no key column "${keyName}" (columns: ${Object.keys(t.columns).join(", ")})`);
  checkUniqueKeys(key, artifact, keyName);
  const idMap = familyOf(artifact).kind === "embedding-ids";
  const cols = Object.entries(t.columns).map(([name, c]) => [f.rename[name] ?? name, c] as const);
  // List columns (recent_items) become BSON arrays of int32.
  const lists = Object.entries(t.lists ?? {}).map(([name, l]) => [f.rename[name] ?? name, l] as const);
  return {
    artifact, count: t.length, rows: t.length,
    build(from, to) {
      const docs: Document[] = [];
      for (let i = from; i < to; i++) {
        const id = String(key[i]!);
        if (idMap) {
          docs.push({ [f.queryField]: id, milvus_id: id, item_id: id });
          continue;
        }
        const doc: Document = { [f.queryField]: id };
        for (const [name, c] of cols) doc[name] = bsonValue(c, i);
        for (const [name, l] of lists) doc[name] = Array.from(listAt(l, i));
        docs.push(doc);
      }
      return docs;
    },
  };
}

/**
 * The documents of one artifact.
 * @example documentsFor("i2i.itemcf", i2i, fields).build(0, 2) // [{ queryid: "0", key: "0", value: [...] }, …]
 */
export function documentsFor(artifact: string, t: Table, f: DocumentFields): DocumentSource {
  const kind = familyOf(artifact).kind;
  return kind === "recs" || kind === "i2i" ? listDocuments(t, artifact, f) : tableDocuments(t, artifact, f);
}
