import { expect, test } from "bun:test";
import { printable, quoted } from "./echo.ts";

test("control, format and separator characters are escaped; printable text is kept", () => {
  expect(printable("a\tb\r\n\u0000\u0007\u007f\u0085")).toBe("a\\tb\\r\\n\\x00\\x07\\x7f\\x85");
  expect(printable("\u001b[31mred\u202e\u2028\ufeff")).toBe("\\x1b[31mred\\u202e\\u2028\\ufeff");
  expect(printable("Amélie 東京 🎬")).toBe("Amélie 東京 🎬");
  expect(printable("\ud800x")).toBe("\\ud800x");
});

test("long text is cut with a mark; quoted values escape quotes and backslashes", () => {
  expect(printable("x".repeat(500), 10)).toBe("x".repeat(10) + "…");
  expect(printable("\u0000".repeat(100), 8)).toBe("\\x00\\x00…");
  expect(quoted('say "hi" \\ \u0001')).toBe('"say \\"hi\\" \\\\ \\x01"');
});
