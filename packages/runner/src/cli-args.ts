/**
 * Reading `shortlist`'s arguments with node:util's parseArgs (Bun implements it). It runs
 * non-strict with tokens so that each mistake gets our own message: an unknown flag names the
 * command and the nearest known flag (`--frsh` → did you mean --fresh?), a flag of another command
 * says which command has it, and a value that is missing says so. Every mistake is a UserError (exit 2).
 */
import { parseArgs } from "node:util";
import { nearest } from "./config/config-error.ts";
import { COMMANDS, helpText, OWN_PARSER_COMMANDS, type Command, type CommandName } from "./cli-commands.ts";
import { UserError } from "./errors.ts";

export interface CliArgs {
  command: CommandName;
  /** The positional arguments after the command (pipeline files). */
  files: string[];
  out?: string;
  sets: string[];
  fresh: boolean;
  json: boolean;
  services: boolean;
  only: string[];
  allowPluginPaths: string[];
  queue?: string;
  store?: string;
  shards?: number;
  concurrency?: number;
  lockMs?: number;
}

export type Parsed = CliArgs | { command: "help"; topic?: CommandName; code: 0 | 2 } | { command: "version" };

const names = Object.keys(COMMANDS) as CommandName[];
const isCommand = (x: string | undefined): x is CommandName => names.includes(x as CommandName);

function unknownFlag(raw: string, command: CommandName): UserError {
  const known = Object.keys(COMMANDS[command].flags);
  const name = raw.replace(/^-+/, "");
  const elsewhere = names.filter((c) => c !== command && name in COMMANDS[c].flags);
  const near = nearest(name, [...known, "help"]);
  const hint = elsewhere.length ? `it is a flag of ${elsewhere.map((c) => `"shortlist ${c}"`).join(" and ")}` : near ? `did you mean --${near}?` : `its flags: ${known.map((k) => `--${k}`).join(", ")}`;
  return new UserError(`unknown flag ${raw} for "shortlist ${command}": ${hint} (see shortlist ${command} --help)`);
}

/** Checks each option token against the command's flags; parseArgs only collects them. */
function checkTokens(command: CommandName, tokens: NonNullable<ReturnType<typeof parseArgs>["tokens"]>): void {
  const flags: Command["flags"] = COMMANDS[command].flags;
  for (const t of tokens) {
    if (t.kind !== "option" || t.name === "help") continue;
    const flag = flags[t.name];
    if (!flag) throw unknownFlag(t.rawName, command);
    if (flag.type === "boolean" && t.value !== undefined) throw new UserError(`${t.rawName} takes no value (got "${t.value}")`);
    if (flag.type === "string" && (t.value === undefined || (!t.inlineValue && t.value.startsWith("-")))) {
      throw new UserError(`${t.rawName} needs a value: ${t.rawName} ${flag.value ?? "VALUE"} (or ${t.rawName}=${flag.value ?? "VALUE"}; a value starting with "-" only in that form)`);
    }
  }
}

/** A flag's value as a whole number ≥ 1, or a UserError naming the flag. */
function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} ${String(v)}: expected a whole number ≥ 1`);
  return n;
}

/**
 * Reads argv (without `bun cli.ts`); throws a UserError for anything it cannot take.
 * @example parseCli(["run", "p.yaml", "--set=seed=7", "--fresh"]) // { command: "run", files: ["p.yaml"], sets: ["seed=7"], fresh: true, … }
 */
export function parseCli(argv: string[]): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined) return { command: "help", code: 2 };
  if (first === "-h" || first === "--help" || first === "help") return { command: "help", topic: isCommand(rest[0]) ? rest[0] : undefined, code: 0 };
  if (first === "-v" || first === "--version") return { command: "version" };
  if (!isCommand(first)) {
    const near = nearest(first, [...names, ...Object.keys(OWN_PARSER_COMMANDS)]);
    const what = first.startsWith("-") ? `give a command first, then its flags` : near ? `did you mean "${near}"?` : `the commands: ${[...names, ...Object.keys(OWN_PARSER_COMMANDS)].join(", ")}`;
    throw new UserError(`unknown command "${first}": ${what} (see shortlist --help)`);
  }
  const spec: Command = COMMANDS[first];
  const options = { ...spec.flags, help: { type: "boolean", short: "h" } } as Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;
  const { values, positionals, tokens } = parseArgs({ args: rest, options, strict: false, allowPositionals: true, tokens: true });
  if (values.help) return { command: "help", topic: first, code: 0 };
  checkTokens(first, tokens);
  const { min, max } = spec.positionals;
  if (positionals.length < min) throw new UserError(`shortlist ${first} needs ${spec.args}\n\n${helpText(first)}`);
  if (positionals.length > max) throw new UserError(`shortlist ${first} takes ${spec.args}, not also ${positionals.slice(max).map((p) => `"${p}"`).join(", ")} (see shortlist ${first} --help)`);
  const list = (k: string) => (values[k] as string[] | undefined) ?? [];
  return {
    command: first,
    files: positionals,
    out: values.out as string | undefined,
    sets: list("set"),
    fresh: values.fresh === true,
    json: values.json === true,
    services: values.services === true,
    only: list("only"),
    allowPluginPaths: list("allow-plugin-path"),
    queue: values.queue as string | undefined,
    store: values.store as string | undefined,
    shards: positiveInt(values.shards, "--shards"),
    concurrency: positiveInt(values.concurrency, "--concurrency"),
    lockMs: positiveInt(values["lock-ms"], "--lock-ms"),
  };
}
