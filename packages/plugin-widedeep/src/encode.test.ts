import { describe, expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { resolveColumns } from "./columns.ts";
import { encodeRows } from "./encode.ts";
import { wideBucket } from "./hashing.ts";
import { columnOptions } from "./options.ts";
import { fitPreprocessing } from "./preprocess.ts";

const t = table({
  a: Int32Array.of(0, 3, 1, 7),
  neg: Int32Array.of(5, -2, 9, 1),
  item: Int32Array.of(1, 2, 4, 2),
  h0: Int32Array.of(0, 1, 4, 9),
  h1: Int32Array.of(0, 0, 2, 2),
  x: Float32Array.of(1, NaN, 3, 100),
  label: Float32Array.of(1, 0, 1, 0),
});
const cols = resolveColumns(columnOptions.parse({ sparse: ["a", "neg", "item"], dense: ["x"], crosses: ["a#item"], sequence: ["h*"], sequenceShares: "item" }), t, "t", "rank.widedeep");
const fitRows = Int32Array.of(0, 1, 2); // row 3 is "serving": values never fitted
const pre = fitPreprocessing(t, fitRows, cols, { embeddingRows: 50, denseLog: false, wideBuckets: 97 });

describe("preprocessing and encoding", () => {
  test("each field's slice: largest fitted value + 1, or the cap when a value is negative; the sequence shares item's", () => {
    expect(pre.fieldRows).toEqual([4, 50, 5]);
    expect(pre.fieldOffset).toEqual([0, 4, 54]);
    expect(pre.deepRows).toBe(59);
    expect([pre.seqOffset, pre.seqRows]).toEqual([54, 5]);
  });

  test("rows are value mod rows + offset (unseen values wrap), sequences drop 0 as padding, dense is standardised with NaN → 0", () => {
    const x = encodeRows(t, Int32Array.of(0, 1, 2, 3), pre);
    expect(Array.from(x.deep)).toEqual([0, 4 + 5, 54 + 1, 3, 4 + 48, 54 + 2, 1, 4 + 9, 54 + 4, 7 % 4, 4 + 1, 54 + 2]);
    expect(Array.from(x.seq)).toEqual([-1, -1, 54 + 1, -1, 54 + 4, 54 + 2, 54 + 4, 54 + 2]);
    const [mean, sd] = [2, 1]; // fitted on 1 and 3 (NaN skipped)
    expect(Array.from(x.dense)).toEqual([(1 - mean) / sd, 0, (3 - mean) / sd, (100 - mean) / sd]);
    expect(x.wide[3 * 4 + 3]).toBe(wideBucket(3, [7, 2], 97)); // features: a, neg, item, a#item
    expect(Array.from(x.label)).toEqual([1, 0, 1, 0]);
  });
});
