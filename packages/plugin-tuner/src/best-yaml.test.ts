import { expect, test } from "bun:test";
import { bestYamlPath, bestYamlText, setsOf } from "./best-yaml.ts";

test("best.yaml: the chosen values set, comments and variables kept, no tune block", () => {
  const text = `# my pipeline
name: p
stages:
  - use: recall.itemcf
    with:
      neighbours: 20 # hand-picked
      path: \${ML_DIR:-data}
tune:
  objective: eval:ndcg@10
  parameters:
    stages[recall.itemcf].with.neighbours: [50, 100]
`;
  const out = bestYamlText("p.yaml", text, setsOf({ "stages[recall.itemcf].with.neighbours": 100 }), "tuned: trial 2");
  expect(out).toStartWith("# tuned: trial 2");
  expect(out).toContain("neighbours: 100");
  expect(out).toContain("${ML_DIR:-data}");
  expect(out).toContain("# my pipeline");
  expect(out).not.toContain("tune:");
  expect(bestYamlPath("examples/ml.yaml")).toBe("examples/ml.best.yaml");
});
