import { expect, test } from "bun:test";
import { attempt } from "./rows.ts";

test("attempt records a failure and lets the run go on", async () => {
  const failures: string[] = [];
  let ran = false;
  await attempt("cpu", "topK", failures, async () => {
    throw new Error("kernel exploded\nstack…");
  });
  await attempt("cpu", "matmul", failures, async () => {
    ran = true;
  });
  expect(failures).toEqual(["cpu topK: kernel exploded"]);
  expect(ran).toBe(true);
});
