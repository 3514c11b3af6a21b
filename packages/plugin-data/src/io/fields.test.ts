import { describe, expect, test } from "bun:test";
import { parseFloatBytes, parseIntBytes, separatorBytes, splitCsvLine, splitFields } from "./fields.ts";

const b = (s: string) => new TextEncoder().encode(s);

describe("splitFields", () => {
  test("multi-byte separator, field bounds and the true count", () => {
    const line = b("1::1193::5::978300760");
    const s = new Int32Array(4);
    const e = new Int32Array(4);
    expect(splitFields(line, 0, line.length, separatorBytes("::"), s, e)).toBe(4);
    expect(new TextDecoder().decode(line.subarray(s[1], e[1]))).toBe("1193");
    expect(new TextDecoder().decode(line.subarray(s[3], e[3]))).toBe("978300760");
    const long = b("1::2::3::4::5");
    expect(splitFields(long, 0, long.length, separatorBytes("::"), s, e)).toBe(5);
  });
  test("empty fields count", () => {
    const line = b("a\t\tc\t");
    expect(splitFields(line, 0, line.length, separatorBytes("\t"), new Int32Array(8), new Int32Array(8))).toBe(4);
  });
});

describe("number parsing", () => {
  test("ints: signs, spaces, overflow and junk", () => {
    expect(parseIntBytes(b(" -42 "), 0, 5)).toBe(-42);
    expect(parseIntBytes(b("2147483647"), 0, 10)).toBe(2147483647);
    expect(parseIntBytes(b("2147483648"), 0, 10)).toBeNaN();
    expect(parseIntBytes(b("-2147483648"), 0, 11)).toBe(-2147483648);
    expect(parseIntBytes(b("12a"), 0, 3)).toBeNaN();
    expect(parseIntBytes(b(""), 0, 0)).toBeNaN();
    expect(parseIntBytes(b("-"), 0, 1)).toBeNaN();
  });
  test("floats: decimals, exponents and junk", () => {
    expect(parseFloatBytes(b("3.5"), 0, 3)).toBe(3.5);
    expect(parseFloatBytes(b("4"), 0, 1)).toBe(4);
    expect(parseFloatBytes(b("-0.25"), 0, 5)).toBe(-0.25);
    expect(parseFloatBytes(b("1e3"), 0, 3)).toBe(1000);
    expect(parseFloatBytes(b("five"), 0, 4)).toBeNaN();
    expect(parseFloatBytes(b("NaN"), 0, 3)).toBeNaN();
    expect(parseFloatBytes(b("."), 0, 1)).toBeNaN();
  });
});

describe("splitCsvLine", () => {
  test("quoted fields with delimiters and doubled quotes", () => {
    expect(splitCsvLine('11,"American President, The (1995)",Comedy|Drama|Romance')).toEqual(["11", "American President, The (1995)", "Comedy|Drama|Romance"]);
    expect(splitCsvLine('1,"say ""hi""",x')).toEqual(["1", 'say "hi"', "x"]);
    expect(splitCsvLine("a,,b,")).toEqual(["a", "", "b", ""]);
    expect(splitCsvLine("a;b", ";")).toEqual(["a", "b"]);
  });
  test("an open quote or text after a closing quote is malformed", () => {
    expect(splitCsvLine('1,"open')).toBeNull();
    expect(splitCsvLine('1,"a"b,2')).toBeNull();
  });
});

describe("splitCsvLine failures", () => {
  test("say which column and why", () => {
    const f = { column: 0, why: "" };
    expect(splitCsvLine('1,"open,x', ",", f)).toBeNull();
    expect(f).toEqual({ column: 2, why: "a quoted field is not closed" });
    expect(splitCsvLine('1,2,"a"b', ",", f)).toBeNull();
    expect(f).toEqual({ column: 3, why: "text follows the closing quote" });
  });
});
