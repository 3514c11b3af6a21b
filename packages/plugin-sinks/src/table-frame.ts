/**
 * A runner Table as frame arrays and back, so a sharded stage can hand whole artifacts to its
 * workers (cluster frames hold typed arrays only). Numeric columns travel as they are; a string
 * column as its UTF-8 bytes plus offsets (string i is bytes[offsets[i] .. offsets[i+1])); a list
 * column (`lists`, Int32Lists) as its offsets and values. The layout (column names, kinds, order)
 * goes in the frame's JSON meta, so the table comes back with its columns in the same order.
 */
import { table, type Column, type FrameArray, type Frame, type Int32Lists, type Table } from "@shortlist/runner";

/** What `tableFrom` needs besides the arrays: JSON, for a frame's meta. */
export interface TableLayout {
  length: number;
  /** Column names in order, each with how it travels. */
  columns: [name: string, kind: "numeric" | "strings"][];
  lists: string[];
}

const key = (prefix: string, part: string, name: string) => `${prefix}/${part}/${name}`;

/** UTF-8 bytes of every string, one after another, and where each starts. */
function packStrings(col: string[]): { bytes: Uint8Array; offsets: Uint32Array } {
  const enc = new TextEncoder();
  const offsets = new Uint32Array(col.length + 1);
  let buf = new Uint8Array(Math.max(64, col.length * 8));
  let at = 0;
  for (let i = 0; i < col.length; i++) {
    const s = col[i]!;
    // encodeInto writes at most 3 bytes per UTF-16 unit: grow first, then it cannot fall short
    if (at + s.length * 3 > buf.length) {
      const grown = new Uint8Array(Math.max(at + s.length * 3, buf.length * 2));
      grown.set(buf.subarray(0, at));
      buf = grown;
    }
    at += enc.encodeInto(s, buf.subarray(at)).written;
    if (at > 0xffff_ffff) throw new Error(`string column of ${col.length} rows holds over 4 GiB of text: too large for one frame`);
    offsets[i + 1] = at;
  }
  return { bytes: buf.slice(0, at), offsets };
}

/**
 * The arrays of table `t` under keys starting `prefix/`, and its layout for the frame's meta.
 * @example const { arrays, layout } = tableArrays("features.user", t); const frame = { meta: { layout }, arrays }
 */
export function tableArrays(prefix: string, t: Table): { arrays: Record<string, FrameArray>; layout: TableLayout } {
  const arrays: Record<string, FrameArray> = {};
  const layout: TableLayout = { length: t.length, columns: [], lists: [] };
  for (const [name, col] of Object.entries(t.columns)) {
    if (Array.isArray(col)) {
      const { bytes, offsets } = packStrings(col);
      arrays[key(prefix, "s", `${name}.bytes`)] = bytes;
      arrays[key(prefix, "s", `${name}.offsets`)] = offsets;
      layout.columns.push([name, "strings"]);
    } else {
      arrays[key(prefix, "c", name)] = col;
      layout.columns.push([name, "numeric"]);
    }
  }
  for (const [name, l] of Object.entries(t.lists ?? {})) {
    arrays[key(prefix, "l", `${name}.offsets`)] = l.offsets;
    arrays[key(prefix, "l", `${name}.values`)] = l.values;
    layout.lists.push(name);
  }
  return { arrays, layout };
}

/**
 * The table `tableArrays(prefix, …)` put in frame `f`, as it was (strings decoded; numeric and list
 * columns are views into the frame's bytes).
 * @example const t = tableFrom(input, "features.user", (input.meta as { layout: TableLayout }).layout)
 */
export function tableFrom(f: Frame, prefix: string, layout: TableLayout): Table {
  const get = (k: string) => {
    const a = f.arrays[k];
    if (!a) throw new Error(`frame has no array "${k}" for table ${prefix} (arrays: ${Object.keys(f.arrays).join(", ")})`);
    return a;
  };
  const columns: Record<string, Column> = {};
  for (const [name, kind] of layout.columns) {
    if (kind === "numeric") {
      columns[name] = get(key(prefix, "c", name)) as Exclude<Column, string[]>;
      continue;
    }
    const bytes = get(key(prefix, "s", `${name}.bytes`)) as Uint8Array;
    const offsets = get(key(prefix, "s", `${name}.offsets`)) as Uint32Array;
    const dec = new TextDecoder();
    columns[name] = Array.from({ length: offsets.length - 1 }, (_, i) => dec.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!)));
  }
  const lists: Record<string, Int32Lists> = {};
  for (const name of layout.lists) {
    const offsets = get(key(prefix, "l", `${name}.offsets`)) as Int32Array;
    lists[name] = { kind: "int32-lists", length: offsets.length - 1, offsets, values: get(key(prefix, "l", `${name}.values`)) as Int32Array };
  }
  const t = table(columns, lists);
  if (t.length !== layout.length) throw new Error(`table ${prefix} came back with ${t.length} rows, expected ${layout.length}`);
  return t;
}
