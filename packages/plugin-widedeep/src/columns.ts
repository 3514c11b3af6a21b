/**
 * The columns of a Wide & Deep model, resolved against the table it fits on: patterns expanded,
 * every name checked (an unknown one names the nearest), types checked (sparse and sequence
 * columns integer, dense ones numeric), crosses parsed from MetaSpore's `a#b` form.
 */
import { suggestion, UserError, type Column, type Table } from "@shortlist/runner";
import type { ColumnOptions } from "./options.ts";

/** What the model reads, in the order its tables and inputs use. */
export interface ModelColumns {
  /** Deep fields (one embedding each). */
  sparse: string[];
  dense: string[];
  /** Columns of one id sequence, pooled into one bag. */
  sequence: string[];
  /** Index in `sparse` of the field whose table the sequence shares, or −1 (own table). */
  sequenceShares: number;
  /** Wide features: each a list of columns (one: one-hot; several: their cross). */
  wide: string[][];
}

const isInteger = (c: Column) => c instanceof Int32Array || c instanceof Uint8Array || c instanceof Uint32Array;

/**
 * Resolves `o` against `t` (named `artifact`); `stage` prefixes errors.
 * @example
 * const cols = resolveColumns(options.columns, samples, "samples.ranking", "rank.widedeep");
 */
export function resolveColumns(o: ColumnOptions, t: Table, artifact: string, stage: string): ModelColumns {
  const all = Object.keys(t.columns);
  const fail = (path: string, problem: string, fix: string): never => {
    throw new UserError(`${stage}: columns.${path}: ${problem}; ${fix}`);
  };
  const expand = (list: string[], key: string, kind: "integer" | "numeric"): string[] => {
    const out: string[] = [];
    list.forEach((name, i) => {
      const found = name.includes("*") ? all.filter((c) => globRe(name).test(c)) : [name];
      for (const c of found) {
        const col = t.columns[c];
        if (!col) {
          fail(`${key}[${i}]`, `${artifact} has no column "${c}"`, all.length ? `${suggestion(c, all)} (columns: ${all.join(", ")})` : `it has no columns`);
        }
        checkType(col!, c, `${key}[${i}]`, kind, fail);
        if (!out.includes(c)) out.push(c);
      }
    });
    return out;
  };
  const sparse = expand(o.sparse, "sparse", "integer");
  const dense = expand(o.dense, "dense", "numeric");
  const sequence = expand(o.sequence, "sequence", "integer").filter((c) => !sparse.includes(c));
  const crosses = o.crosses.map((x, i) => {
    const parts = x.split("#").map((p) => p.trim());
    if (parts.length < 2 || parts.some((p) => p === "")) fail(`crosses[${i}]`, `"${x}" is not a cross`, `write two or more columns joined by #, e.g. "user_code#genre_code"`);
    const dup = parts.find((p, j) => parts.indexOf(p) !== j);
    if (dup) fail(`crosses[${i}]`, `"${x}" crosses column "${dup}" with itself`, `cross different columns (a one-hot of "${dup}" is already a wide feature when it is a sparse field)`);
    return expand(parts, `crosses[${i}]`, "integer");
  });
  if (sparse.length + dense.length + sequence.length === 0) fail("sparse", `no sparse, dense or sequence column of ${artifact} was chosen`, `name at least one column the deep part can read`);
  const integerUse = new Set([...sparse, ...sequence, ...crosses.flat()]);
  dense.forEach((c) => {
    if (integerUse.has(c)) fail(`dense[${o.dense.indexOf(c) >= 0 ? o.dense.indexOf(c) : 0}]`, `column "${c}" is also a sparse, crossed or sequence column`, "use each column either as codes or as a number, not both");
  });
  const wide = [...(o.wideSingles ? sparse.map((c) => [c]) : []), ...crosses];
  return { sparse, dense, sequence, sequenceShares: sequence.length > 0 ? sparse.indexOf(o.sequenceShares) : -1, wide };
}

function checkType(col: Column, name: string, path: string, kind: "integer" | "numeric", fail: (p: string, problem: string, fix: string) => never): void {
  if (Array.isArray(col)) {
    const ex = col.find((v) => v !== "") ?? "";
    fail(path, `column "${name}" holds strings (e.g. "${String(ex).slice(0, 20)}"), expected ${kind} values`, kind === "numeric" ? "convert it to numbers upstream or list it under sparse after encoding it as integer codes" : "encode it as integer codes upstream (data.features writes *_code columns)");
  }
  if (kind === "integer" && !isInteger(col)) fail(path, `column "${name}" is ${col.constructor.name}, expected integer codes`, "list numeric columns under dense");
}

function globRe(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}
