/**
 * The commands of `shortlist`, their flags and their help text: one table that both the argument
 * parser (cli-args.ts) and `--help` read, so a flag cannot be documented but unknown, or the reverse.
 */

export interface Flag {
  type: "string" | "boolean";
  /** May be given more than once; the values are collected in order. */
  multiple?: boolean;
  /** What the value is, for help (`--out DIR`). */
  value?: string;
  help: string;
}

export interface Command {
  /** What follows the command name in the usage line. */
  args: string;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  summary: string;
  flags: Record<string, Flag>;
}

const set: Flag = { type: "string", multiple: true, value: "path=value", help: "override a value (read as YAML), e.g. --set seed=7 --set stages[recall.itemcf].with.neighbours=50" };
const allowPluginPath: Flag = { type: "string", multiple: true, value: "DIR", help: "let the pipeline load plugin files from DIR (repeatable); by default only packages and files in the pipeline file's own folder are loaded" };

export const COMMANDS = {
  run: {
    args: "<pipeline.yaml>",
    positionals: { min: 1, max: 1 },
    summary: "Runs a pipeline; stages whose results are still valid are reused (resume).",
    flags: {
      out: { type: "string", value: "DIR", help: "run directory (default runs/<pipeline name>)" },
      set,
      fresh: { type: "boolean", help: "rerun every stage even when its cached outputs are still valid" },
      only: { type: "string", multiple: true, value: "STAGE", help: "run only this stage (repeatable), from the cached outputs of the others, e.g. --only sink.redis republishes without recomputing anything" },
      "allow-plugin-path": allowPluginPath,
      queue: { type: "string", value: "URL", help: "coordinate `shortlist worker`s through the BullMQ queue at redis://host:port[/db][?name=queue]: stages that can be sharded (ItemCF, Swing, batch top-K) send their heavy work there as jobs; results are byte-identical to one process" },
      store: { type: "string", value: "DIR", help: "with --queue: the store the coordinator and its workers share, a directory every machine mounts at the same path or s3://bucket/prefix" },
      shards: { type: "string", value: "N", help: "with --queue: ranges each sharded call is split into (default: two per worker connected when the run starts, 8 when none is; more ranges even out uneven ones, each costs its worker the kernel's set-up again)" },
    },
  },
  worker: {
    args: "",
    positionals: { min: 0, max: 0 },
    summary: "Runs a worker: takes sharded work from the queue that `shortlist run --queue` coordinators fill, until SIGTERM (which lets the running job finish).",
    flags: {
      queue: { type: "string", value: "URL", help: "the BullMQ queue, redis://host:port[/db][?name=queue] (required)" },
      store: { type: "string", value: "DIR", help: "where this machine mounts the shared store, when not at the path the coordinator gives" },
      concurrency: { type: "string", value: "N", help: "jobs at once in this process (default 1: one shard already uses every core)" },
      "lock-ms": { type: "string", value: "MS", help: "how long a job's lock lasts without renewal: a worker silent this long is taken as lost and its job runs again elsewhere (default 30000)" },
    },
  },
  validate: {
    args: "<pipeline.yaml>...",
    positionals: { min: 1, max: Infinity },
    summary: "Checks pipeline files (config, plugins, options, the plan) without running anything; each file is reported, exit 2 if any fails.",
    flags: {
      set,
      services: { type: "boolean", help: "also connect to every sink's service (Redis, MongoDB, Milvus) and check its address and credentials, as a run does before its first stage" },
      "allow-plugin-path": allowPluginPath,
    },
  },
  plugins: {
    args: "[pipeline.yaml]",
    positionals: { min: 0, max: 1 },
    summary: "Lists installed plugins (and those a pipeline names): stages, inputs, outputs and options.",
    flags: {
      json: { type: "boolean", help: "print JSON, with each stage's options as JSON Schema" },
      "allow-plugin-path": allowPluginPath,
    },
  },
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

/** Commands that read their own arguments (cli.ts hands them argv as it is): usage line and summary. */
export const OWN_PARSER_COMMANDS: Record<string, [args: string, summary: string]> = {
  compare: ["<run> <run>... | <run-dir>", "Shows runs' metrics and differing options side by side (shortlist compare --help)"],
  tune: ["<pipeline.yaml>", "Searches the options in the pipeline's tune: block, chosen on split.valid (shortlist tune --help; @shortlist/plugin-tuner)"],
};

export const COMMON_FLAGS = "  -h, --help       this help (`shortlist <command> --help` for one command's)\n  -v, --version    print the version";

/** `text` broken at spaces into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) lines.push(line), (line = word);
    else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

const INDENT = 24;

/** Help lines: the flag in the first column, its help wrapped to 100 columns beside it. */
function flagLines(flags: Record<string, Flag>): string {
  const help: [string, Flag] = ["help", { type: "boolean", help: "this help" }];
  return [...Object.entries(flags), help]
    .map(([name, f]) => {
      const head = name === "help" ? "  -h, --help" : `  --${name}${f.value ? ` ${f.value}` : ""}${f.multiple ? "..." : ""}`;
      const [first, ...more] = wrap(f.help, 100 - INDENT).map((l) => " ".repeat(INDENT) + l);
      return [head.length < INDENT ? head.padEnd(INDENT) + first!.trimStart() : `${head}\n${first}`, ...more].join("\n");
    })
    .join("\n");
}

/**
 * The help of one command, or the overview when none is named.
 * @example helpText("run") // "usage: shortlist run <pipeline.yaml> [flags]\n…"
 */
export function helpText(command?: CommandName): string {
  if (command) {
    const c: Command = COMMANDS[command];
    return `usage: shortlist ${command} ${c.args} [flags]\n\n${c.summary}\n\nflags (also as --flag=value):\n${flagLines(c.flags)}`;
  }
  const rows: [string, string][] = [...Object.entries(COMMANDS).map(([name, c]): [string, string] => [`${name} ${c.args}`, c.summary]), ...Object.entries(OWN_PARSER_COMMANDS).map(([name, [args, summary]]): [string, string] => [`${name} ${args}`, summary])];
  const width = Math.max(...rows.map(([usage]) => usage.length));
  const lines = rows.map(([usage, summary]) => `  shortlist ${usage.padEnd(width)}   ${summary.split(/[;(]/)[0]!.trim().replace(/\.$/, "")}`);
  return `usage:\n${lines.join("\n")}\n\n${COMMON_FLAGS}\n\nExit codes: 0 ok, 2 user error (bad config, bad input, a service that cannot be reached), 1 internal error, 130 interrupted.`;
}
