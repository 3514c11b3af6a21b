/**
 * YAML parsing with source positions: every node keeps its range, so any config error can name
 * file:line:col. Variables are substituted in scalar values only (never in keys).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from "yaml";
import { ConfigError, type Where } from "./config-error.ts";
import { setOrigin } from "./set-origin.ts";
import { MissingVariableError, substitute, hasVariables } from "./variables.ts";

export interface SourceDoc {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Position of a node (or of the document start when absent); a node a `--set` flag made names the flag. */
export function whereOf(src: SourceDoc, node: Node | null | undefined): Where {
  const flag = setOrigin(src, node);
  if (flag !== undefined) return { file: src.file, line: 0, col: 0, flag };
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = src.lines.linePos(offset);
  return { file: src.file, line, col };
}

/** Parses YAML text; syntax errors become ConfigErrors at the offending position. */
export function parseYaml(file: string, text: string): SourceDoc {
  const lines = new LineCounter();
  // merge: YAML 1.1 `<<: *anchor` keys, so stages can share option blocks
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const err = doc.errors[0];
  if (err) {
    const { line, col } = lines.linePos(err.pos[0]);
    const msg = err.message.split("\n")[0] ?? err.message;
    throw new ConfigError({ file, line, col }, "", `invalid YAML: ${msg}`, "well-formed YAML (mappings `key: value`, lists `- item`)", "check indentation and quoting on that line");
  }
  return { file, doc, lines };
}

/** Re-reads a substituted plain scalar as YAML would (so `${K:-20}` yields the number 20). */
function retype(text: string): unknown {
  const d = parseDocument(text);
  const v = d.contents;
  return isScalar(v) ? v.value : text;
}

/**
 * Substitutes Compose variables in every scalar value (mapping keys untouched).
 * Quoted scalars stay strings; plain scalars are re-typed after substitution.
 */
export function substituteVariables(src: SourceDoc, env: Record<string, string | undefined>, pathOf: (path: readonly unknown[]) => string): void {
  visit(src.doc, {
    Scalar(key, node, path) {
      if (key === "key" || typeof node.value !== "string" || !hasVariables(node.value)) return;
      const parent = path[path.length - 1];
      if (isPair(parent) && parent.key === node) return;
      try {
        const out = substitute(node.value, env);
        node.value = node.type === Scalar.PLAIN ? retype(out) : out;
      } catch (e) {
        const where = whereOf(src, node);
        const p = pathOf(path) + (typeof key === "number" ? `[${key}]` : "");
        if (e instanceof MissingVariableError) {
          throw new ConfigError(where, p, e.message, `${e.variable} set in the environment`, `export ${e.variable}=… before running, or give a default: \${${e.variable}:-value}`);
        }
        throw new ConfigError(where, p, (e as Error).message, "${VAR}, ${VAR:-default}, ${VAR:?message} or $$", "fix the variable reference");
      }
    },
  });
}

/** Config path (e.g. `stages[2].with.k`) of a node from the visitor's ancestor list. */
export function configPath(ancestors: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    if (isPair(a) && isScalar(a.key)) out += (out ? "." : "") + String(a.key.value);
    else if (isSeq(a)) {
      const child = ancestors[i + 1];
      const idx = a.items.indexOf(child as never);
      if (idx >= 0) out += `[${idx}]`;
    }
  }
  return out;
}

export { isMap, isSeq, isScalar, isPair };
