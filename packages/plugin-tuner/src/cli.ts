/**
 * `shortlist tune <pipeline.yaml> [--out DIR] [--set path=value]... [--parallel N] [--allow-plugin-path DIR]... [--queue URL --store DIR]`
 * The runner's CLI hands `tune`'s arguments here; errors are thrown (UserError → exit 2) for it to report.
 */
import { UserError, nearest } from "@shortlist/runner/host";
import { tune } from "./search.ts";
import { writeMetasporeSearch } from "./metaspore.ts";

/** One line on what `shortlist tune` does (its --help). @example TUNE_SUMMARY.startsWith("Searches") // true */
export const TUNE_SUMMARY = "Searches stage options declared in the pipeline's tune: block, choosing on split.valid; runs the best once on split.test.";

const HELP = `usage: shortlist tune <pipeline.yaml> [flags]

${TUNE_SUMMARY}
Trials reuse every cached stage and run in parallel worker processes; a killed search resumes
with its finished trials kept. Writes runs/<name>/trials/<n>/, trials.parquet, tune.json,
best/ (the test run) and <pipeline>.best.yaml beside the pipeline file.

flags (also as --flag=value):
  --out DIR               search directory (default runs/<pipeline name>)
  --set path=value...     override a value of the pipeline (read as YAML), as for run
  --parallel N            worker processes (default: tune.parallel, else the core count)
  --from-metaspore FILE   take the search from MetaSpore's tuner YAML (with --pipeline P.yaml):
                          writes P.metaspore.yaml (the pipeline with that search) and runs it
  --pipeline P.yaml       the pipeline a --from-metaspore search runs
  --allow-plugin-path DIR...  let the pipeline load plugin files from DIR (repeatable)
  --queue URL             run the trials as jobs for \`shortlist worker\`s on this BullMQ queue
                          (redis://host:port); --parallel is then the trials at once (default:
                          the workers connected)
  --store DIR             with --queue: the shared store; the pipeline, its data and --out must be
                          on a mount every worker sees at the same path
  -h, --help              this help`;

const FLAGS = ["out", "set", "parallel", "allow-plugin-path", "help", "from-metaspore", "pipeline", "queue", "store"];

/**
 * @example await tuneCommand(["examples/movielens-recbole.yaml", "--parallel", "2"], { signal })
 */
export async function tuneCommand(argv: string[], opts: { signal?: AbortSignal; stdout?: { write(s: string): unknown } } = {}): Promise<number> {
  const files: string[] = [];
  const sets: string[] = [];
  const allow: string[] = [];
  let out: string | undefined;
  let parallel: number | undefined;
  let metaspore: string | undefined;
  let queue: string | undefined;
  let store: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-")) {
      files.push(a);
      continue;
    }
    if (a === "-h" || a === "--help") {
      (opts.stdout ?? process.stdout).write(HELP + "\n");
      return 0;
    }
    const [flag, inline] = a.replace(/^--/, "").split(/=(.*)/s) as [string, string | undefined];
    if (!FLAGS.includes(flag)) throw new UserError(`tune: unknown flag ${a}${nearest(flag, FLAGS) ? `; did you mean --${nearest(flag, FLAGS)}?` : ""} (shortlist tune --help)`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UserError(`tune: --${flag} needs a value`);
    if (flag === "out") out = value;
    else if (flag === "set") sets.push(value);
    else if (flag === "allow-plugin-path") allow.push(value);
    else if (flag === "from-metaspore") metaspore = value;
    else if (flag === "pipeline") files.push(value);
    else if (flag === "queue") queue = value;
    else if (flag === "store") store = value;
    else if (flag === "parallel") {
      parallel = Number(value);
      if (!Number.isInteger(parallel) || parallel < 1) throw new UserError(`tune: --parallel ${value}: expected a whole number ≥ 1`);
    }
  }
  if (files.length !== 1) throw new UserError(`tune: expected one pipeline file, got ${files.length} (shortlist tune --help)`);
  if (metaspore !== undefined) {
    files[0] = await writeMetasporeSearch(metaspore, files[0]!);
    (opts.stdout ?? process.stdout).write(`MetaSpore search ${metaspore} → ${files[0]}\n`);
  }
  await tune({ file: files[0]!, out, sets, parallel, allowPluginPaths: allow, signal: opts.signal, stdout: opts.stdout, queue, store });
  return 0;
}
