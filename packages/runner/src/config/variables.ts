/**
 * Compose-style variable substitution in one string value:
 * `${VAR}`, `${VAR:-default}` (default when unset or empty), `${VAR-default}` (when unset),
 * `${VAR:?message}` / `${VAR?message}` (error when unset/empty), `$VAR`, and `$$` for a literal `$`.
 */
export class MissingVariableError extends Error {
  constructor(
    readonly variable: string,
    readonly hint: string | undefined,
    readonly offset: number,
  ) {
    super(hint ? `required variable ${variable} is not set: ${hint}` : `variable ${variable} is not set`);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * @example substitute("${ML_DIR:-synthetic}", {}) // "synthetic"
 */
export function substitute(value: string, env: Record<string, string | undefined>): string {
  let out = "";
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = value[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const end = closingBrace(value, i + 2);
      if (end < 0) throw new SyntaxError(`unclosed "\${" at offset ${i}`);
      out += expand(value.slice(i + 2, end), env, i);
      i = end + 1;
      continue;
    }
    const m = NAME.exec(value.slice(i + 1));
    if (m) {
      const v = env[m[0]];
      if (v === undefined) throw new MissingVariableError(m[0], undefined, i);
      out += v;
      i += 1 + m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from` (bodies may nest, as in `${A:-${B}}`). */
function closingBrace(value: string, from: number): number {
  let depth = 1;
  for (let j = from; j < value.length; j++) {
    if (value[j] === "{") depth++;
    else if (value[j] === "}" && --depth === 0) return j;
  }
  return -1;
}

function expand(body: string, env: Record<string, string | undefined>, offset: number): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])(.*))?$/s.exec(body);
  if (!m) throw new SyntaxError(`invalid variable reference "\${${body}}"`);
  const [, name, colon, op, arg] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined];
  const v = env[name];
  const missing = v === undefined || (colon === ":" && v === "");
  if (!op) {
    if (v === undefined) throw new MissingVariableError(name, undefined, offset);
    return v;
  }
  if (!missing) return v!;
  if (op === "-") return substitute(arg ?? "", env);
  throw new MissingVariableError(name, arg || undefined, offset);
}

/** True when the string contains a variable reference (so it needs substitution). */
export function hasVariables(value: string): boolean {
  return value.includes("$");
}
