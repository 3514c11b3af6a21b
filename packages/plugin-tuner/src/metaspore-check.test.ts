/**
 * The searches written from MetaSpore's SimpleX and Wide & Deep tuner files pass every check a
 * search gets before any trial runs (option paths, values against each option's schema, the
 * objective): the mapping names real options with values they accept.
 */
import { describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { writeMetasporeSearch } from "./metaspore.ts";
import { SIMPLEX_HYPER, WIDEDEEP_HYPER } from "./metaspore-fixtures.ts";
import { prepareSearch } from "./prepare.ts";

const EXAMPLES = resolve(import.meta.dir, "../../../examples");

/** MetaSpore's tuner file with only the fields the mapping reads (dataset/common_param are ignored). */
const tunerFile = (model: string, hyper: string) => `app_name: ${model} tuner\nnum_experiment: 4\nmodel_name: ${model}\nhyper_param:\n${hyper}`;

async function check(example: string, model: string, hyper: string) {
  const dir = mkdtempSync(join(tmpdir(), "shortlist-metaspore-"));
  try {
    const pipeline = join(dir, example);
    copyFileSync(join(EXAMPLES, example), pipeline);
    writeFileSync(join(dir, "tuner.yaml"), tunerFile(model, hyper));
    const written = await writeMetasporeSearch(join(dir, "tuner.yaml"), pipeline);
    const s = await prepareSearch(written, { env: { ...process.env, ML_DIR: "synthetic:ml-100k" } });
    return { search: s!, doc: parse(readFileSync(written, "utf8")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("--from-metaspore searches pass the search checks", () => {
  test("SimpleX (MetaSpore's simplex_tuner.yaml) on examples/movielens-recbole-tune-simplex.yaml", async () => {
    const { search, doc } = await check("movielens-recbole-tune-simplex.yaml", "simplex", SIMPLEX_HYPER);
    expect(search.spec.objective).toMatchObject({ stage: "eval.simplex", metric: "recall@20" });
    expect(search.configs).toHaveLength(4);
    expect(doc.tune.strategy).toBe("random");
  }, 60_000);

  test("Wide & Deep (MetaSpore's widedeep_tuner.yaml) on examples/movielens-widedeep.yaml", async () => {
    const { search } = await check("movielens-widedeep.yaml", "widedeep", WIDEDEEP_HYPER);
    expect(search.spec.objective).toMatchObject({ stage: "rank.widedeep", metric: "valid_auc" });
    expect(search.configs).toHaveLength(4);
    for (const c of search.configs) expect(c["stages[rank.widedeep].with.ftrl.alpha"]).toBe(0.02);
  }, 60_000);

  test("a value the option refuses is named before any trial (embedding_size 0)", async () => {
    await expect(check("movielens-widedeep.yaml", "widedeep", "    embedding_size: [0, 8]\n")).rejects.toThrow(/stages\[rank.widedeep\].with.embeddingSize.*value 0 is refused/s);
  }, 60_000);
});
