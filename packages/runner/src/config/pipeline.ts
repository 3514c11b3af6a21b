/**
 * The pipeline file: its shape, read from a YAML document with every value's position kept.
 *
 *   name: movielens          # run directory runs/<name>/
 *   seed: 42                 # every seeded stage derives its seed from this
 *   backend: auto            # auto | cpu | webgpu
 *   plugins: [ "@shortlist/plugin-data", "./my-plugin.ts" ]
 *   stages:
 *     - use: data.movielens  # stage name
 *       id: movies           # optional unique id (default: the stage name)
 *       when: ${REDIS_URL:-} # optional: the stage is left out when this is empty, false or 0
 *       with: { path: ... }  # options, validated against the stage's schema
 *       inputs: { "split.train": "my.train" }   # optional: declared input → artifact name
 *       outputs: { "recs.itemcf": "recs.a" }    # optional: declared output → artifact name
 *   tune: { … }              # optional: a search for `shortlist tune` (plugin-tuner); `run` ignores it
 */
import type { Node, YAMLMap } from "yaml";
import { ConfigError, suggestion } from "./config-error.ts";
import { stageWhere, type StageWhere } from "./stage-where.ts";
import { configPath, isMap, isScalar, isSeq, parseYaml, substituteVariables, whereOf, type SourceDoc } from "./yaml-doc.ts";

export interface StageConfig {
  index: number;
  use: string;
  id: string;
  with: Record<string, unknown>;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  /** Where a part of this stage is in the file (`where(["with", "k"])`), for error messages. */
  where: StageWhere;
}

export interface PipelineConfig {
  file: string;
  src: SourceDoc;
  name: string;
  seed: number;
  backend: "auto" | "cpu" | "webgpu";
  plugins: { spec: string; node: Node }[];
  stages: StageConfig[];
  /** Stages turned off by their `when:` value. */
  skipped: string[];
}

/** `tune:` declares a hyper-parameter search for `shortlist tune` (@shortlist/plugin-tuner); `run` ignores it. */
const TOP_KEYS = ["name", "seed", "backend", "plugins", "stages", "tune"];
const STAGE_KEYS = ["use", "id", "when", "with", "inputs", "outputs"];

/** A mapping key's text (keys added by --set may be plain values rather than nodes). */
function keyOf(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function fail(src: SourceDoc, node: Node | null | undefined, path: string, problem: string, expected?: string, fix?: string): never {
  throw new ConfigError(whereOf(src, node), path, problem, expected, fix);
}

function checkKeys(src: SourceDoc, map: YAMLMap, known: string[], path: string, what: string): void {
  for (const pair of map.items) {
    const key = keyOf(pair.key);
    if (!known.includes(key)) {
      fail(src, pair.key as Node, path ? `${path}.${key}` : key, `unknown key "${key}" in ${what}`, `one of: ${known.join(", ")}`, suggestion(key, known));
    }
  }
}

function stringMap(src: SourceDoc, node: unknown, path: string): Record<string, string> {
  if (node == null) return {};
  if (!isMap(node)) fail(src, node as Node, path, "expected a mapping of artifact names", "{ declared: artifact.name }", "write it as `inputs: { split.train: my.train }`");
  const out: Record<string, string> = {};
  for (const pair of node.items) {
    const k = keyOf(pair.key);
    if (!isScalar(pair.value) || typeof pair.value.value !== "string") fail(src, (pair.value ?? pair.key) as Node, `${path}.${k}`, "expected an artifact name (a string)");
    out[k] = pair.value.value as string;
  }
  return out;
}

/**
 * Parses and checks a pipeline file's structure (not yet the stages' options).
 * @example const cfg = parsePipeline("p.yaml", text, process.env)
 */
export function parsePipeline(file: string, text: string, env: Record<string, string | undefined>, overrides: (src: SourceDoc) => void = () => {}): PipelineConfig {
  const src = parseYaml(file, text);
  overrides(src);
  substituteVariables(src, env, configPath);
  const root = src.doc.contents;
  if (!isMap(root)) fail(src, root, "", "the pipeline file must be a mapping", "keys: " + TOP_KEYS.join(", "), "start the file with `name: my-pipeline`");
  checkKeys(src, root, TOP_KEYS, "", "the pipeline");

  const nameNode = root.get("name", true);
  if (!isScalar(nameNode) || typeof nameNode.value !== "string" || !/^[A-Za-z0-9._-]+$/.test(nameNode.value)) {
    fail(src, nameNode ?? root, "name", "missing or invalid pipeline name", "a name of letters, digits, '.', '_' or '-' (it names the run folder)", "add `name: my-pipeline` at the top");
  }
  const seedNode = root.get("seed", true);
  const seed = seedNode === undefined ? 42 : isScalar(seedNode) ? seedNode.value : undefined;
  if (typeof seed !== "number" || !Number.isInteger(seed)) fail(src, seedNode, "seed", "seed must be an integer", "an integer such as 42", "write `seed: 42`");
  const backendNode = root.get("backend", true);
  const backend: unknown = backendNode === undefined ? "auto" : isScalar(backendNode) ? backendNode.value : undefined;
  if (backend !== "auto" && backend !== "cpu" && backend !== "webgpu") fail(src, backendNode, "backend", `unknown backend ${JSON.stringify(backend)}`, "auto, cpu or webgpu", "remove the key to pick automatically");

  const pluginsNode = root.get("plugins", true);
  const plugins: PipelineConfig["plugins"] = [];
  if (pluginsNode !== undefined) {
    if (!isSeq(pluginsNode)) fail(src, pluginsNode, "plugins", "plugins must be a list", "a list of package names or ./relative/paths.ts", 'write `plugins: ["@shortlist/plugin-data"]`');
    pluginsNode.items.forEach((n, i) => {
      if (!isScalar(n) || typeof n.value !== "string") fail(src, n as Node, `plugins[${i}]`, "expected a package name or a relative path");
      plugins.push({ spec: n.value as string, node: n as Node });
    });
  }

  const stagesNode = root.get("stages", true);
  if (!isSeq(stagesNode) || stagesNode.items.length === 0) fail(src, stagesNode ?? root, "stages", "the pipeline has no stages", "a non-empty list of `- use: stage.name`", "add `stages:` with at least one `- use: …`");
  // plain JS of the whole document: resolves aliases and `<<:` merges in one place
  let plain: { stages?: { with?: Record<string, unknown> }[] };
  try {
    plain = src.doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    fail(src, root, "", `cannot read the pipeline: ${(e as Error).message}`, "aliases (*name) that point to anchors (&name); `<<:` merging mappings", "check the anchors and merge keys");
  }
  const stages: StageConfig[] = [];
  const skipped: string[] = [];
  const ids = new Set<string>();
  stagesNode.items.forEach((n, index) => {
    const path = `stages[${index}]`;
    if (!isMap(n)) fail(src, n as Node, path, "a stage must be a mapping", "`- use: stage.name` with optional `with:`", "write `- use: recall.itemcf`");
    checkKeys(src, n, STAGE_KEYS, path, "a stage");
    const use = n.get("use", true);
    if (!isScalar(use) || typeof use.value !== "string") fail(src, use ?? n, `${path}.use`, "missing stage name", "`use: <stage name>`", "run `shortlist plugins` to list the stages");
    const idNode = n.get("id", true);
    const id = idNode === undefined ? (use.value as string) : isScalar(idNode) ? String(idNode.value) : "";
    if (ids.has(id)) fail(src, idNode ?? use, `${path}.id`, `stage id "${id}" is used twice`, "unique stage ids", `add \`id: ${id}-2\` to one of them`);
    ids.add(id);
    // `when:` turns a stage off when it is empty, false, 0 or null (e.g. `when: ${REDIS_URL:-}`)
    const whenNode = n.get("when", true);
    const when = whenNode === undefined ? true : isScalar(whenNode) ? whenNode.value : true;
    if (when === "" || when === false || when === 0 || when === null || when === "false") {
      skipped.push(use.value as string);
      return;
    }
    const withNode = n.get("with", true);
    if (withNode != null && !isMap(withNode)) fail(src, withNode as Node, `${path}.with`, "options must be a mapping", "`with: { option: value }`");
    const opts = withNode == null ? {} : (plain.stages?.[index]?.with ?? {});
    stages.push({
      index,
      use: use.value as string,
      id,
      with: opts ?? {},
      inputs: stringMap(src, n.get("inputs", true), `${path}.inputs`),
      outputs: stringMap(src, n.get("outputs", true), `${path}.outputs`),
      where: stageWhere(src, n),
    });
  });
  return { file, src, name: nameNode.value as string, seed, backend, plugins, stages, skipped };
}
