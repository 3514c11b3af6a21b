/** Features from a learned model's user and item embeddings: its opinion of every candidate. */
import { UserError, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";

/** Unit vectors by raw id, dimension `dim`. */
interface Unit {
  dim: number;
  row: Map<number, number>;
  data: Float32Array;
}

/**
 * `<name>_cos`: the cosine of the user's and the candidate's embeddings, for every candidate row
 * whichever source retrieved it (NaN when either id has no vector). A recall list scores only
 * its own top items; this gives the ranker a second model's view of ItemCF's and Swing's
 * candidates too. `<name>_cos_gap`: the cosine minus the best cosine among the user's candidates
 * (rows of a group contiguous), the same opinion on one scale for every user.
 * @example
 * embeddingFeatures(embUser, "emb.simplex.user", embItem, "emb.simplex.item", "simplex", rows.user, rows.item, rows.group)
 * // { simplex_cos: Float32Array, simplex_cos_gap: Float32Array }
 */
export function embeddingFeatures(users: Table, userName: string, items: Table, itemName: string, name: string, user: Int32Array, item: Int32Array, group: Int32Array): Record<string, Float32Array> {
  const u = unitVectors(users, "user", userName);
  const v = unitVectors(items, "item", itemName);
  if (u.dim !== v.dim) throw new UserError(`rank.candidates.embeddings.${name}: ${userName} has ${u.dim} dimensions and ${itemName} ${v.dim}; name the user and item tables of one model`);
  const n = user.length;
  const cos = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const a = u.row.get(user[r]!);
    const b = v.row.get(item[r]!);
    if (a === undefined || b === undefined) {
      cos[r] = NaN;
      continue;
    }
    let s = 0;
    for (let j = 0; j < u.dim; j++) s += u.data[a * u.dim + j]! * v.data[b * v.dim + j]!;
    cos[r] = s;
  }
  const gap = new Float32Array(n);
  for (let from = 0; from < n; ) {
    let to = from;
    let best = -Infinity;
    for (; to < n && group[to] === group[from]; to++) if (cos[to]! > best) best = cos[to]!;
    for (let r = from; r < to; r++) gap[r] = best === -Infinity ? NaN : cos[r]! - best;
    from = to;
  }
  return { [`${name}_cos`]: cos, [`${name}_cos_gap`]: gap };
}

/** Reads { <key>, e0 … e<d−1> } and scales each row to length 1 (a zero row stays zero). */
function unitVectors(t: Table, key: "user" | "item", artifact: string): Unit {
  const ids = intIds(t, key, artifact);
  const cols: ArrayLike<number>[] = [];
  for (let j = 0; `e${j}` in t.columns; j++) {
    const c = t.columns[`e${j}`]!;
    if (Array.isArray(c)) throw new UserError(`rank.candidates.embeddings: ${artifact}.e${j} holds strings; expected numbers`);
    cols.push(c as ArrayLike<number>);
  }
  if (cols.length === 0) throw new UserError(`rank.candidates.embeddings: ${artifact} has no vector columns e0, e1, … (columns: ${Object.keys(t.columns).join(", ")}); expected an embedding table such as emb.simplex.${key}`);
  const dim = cols.length;
  const data = new Float32Array(ids.length * dim);
  const row = new Map<number, number>();
  for (let r = 0; r < ids.length; r++) {
    if (row.has(ids[r]!)) throw new UserError(`rank.candidates.embeddings: ${artifact} has ${key} ${ids[r]} twice; expected one vector per id`);
    row.set(ids[r]!, r);
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += cols[j]![r]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dim; j++) data[r * dim + j] = cols[j]![r]! * scale;
  }
  return { dim, row, data };
}
