#!/usr/bin/env bun
/**
 * The `shortlist` command.
 *   shortlist run <pipeline.yaml> [--out DIR] [--set path=value]… [--fresh] [--only STAGE]… [--allow-plugin-path DIR]…
 *   shortlist validate <pipeline.yaml> [--set path=value]… [--allow-plugin-path DIR]…
 *   shortlist plugins [--json] [pipeline.yaml] [--allow-plugin-path DIR]…
 * Exit codes: 0 ok, 2 user error (bad config, bad input), 1 internal error, 130 interrupted
 * (Ctrl-C or SIGTERM: the running stage is asked to stop; a second Ctrl-C quits at once).
 */
import { Interrupted, UserError, StageError } from "./errors.ts";
import { runPipeline } from "./run.ts";
import { loadPipeline } from "./pipeline-file.ts";
import { resolvePluginSpec } from "./loader.ts";
import { describePlugin, formatPlugins, installedPlugins } from "./describe.ts";
import { explainEnvironmentFault } from "./environment-error.ts";

const USAGE = `usage:
  shortlist run <pipeline.yaml> [--out DIR] [--set path=value]... [--fresh] [--only STAGE]... [--allow-plugin-path DIR]...
  shortlist validate <pipeline.yaml> [--set path=value]... [--allow-plugin-path DIR]...
  shortlist plugins [--json] [pipeline.yaml] [--allow-plugin-path DIR]...

  --out DIR        run directory (default runs/<pipeline name>)
  --set path=val   override a value, e.g. --set seed=7 --set stages[recall.itemcf].with.neighbours=50
  --fresh          rerun every stage even when its cached outputs are still valid
  --only STAGE     run only this stage (repeatable), from the cached outputs of the others,
                   e.g. --only sink.redis republishes without recomputing anything
  --allow-plugin-path DIR
                   let the pipeline load plugin files from DIR (repeatable); by default only
                   packages and files in the pipeline file's own folder are loaded`;

interface Args {
  command?: string;
  file?: string;
  out?: string;
  sets: string[];
  fresh: boolean;
  json: boolean;
  only: string[];
  allowPluginPaths: string[];
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { sets: [], fresh: false, json: false, only: [], allowPluginPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UserError(`${x} needs a value\n${USAGE}`);
      return v;
    };
    if (x === "--out") a.out = value();
    else if (x.startsWith("--out=")) a.out = x.slice(6);
    else if (x === "--set") a.sets.push(value());
    else if (x.startsWith("--set=")) a.sets.push(x.slice(6));
    else if (x === "--allow-plugin-path") a.allowPluginPaths.push(value());
    else if (x.startsWith("--allow-plugin-path=")) a.allowPluginPaths.push(x.slice(20));
    else if (x === "--only") a.only.push(value());
    else if (x.startsWith("--only=")) a.only.push(x.slice(7));
    else if (x === "--fresh") a.fresh = true;
    else if (x === "--json") a.json = true;
    else if (x === "-h" || x === "--help") a.command = "help";
    else if (x.startsWith("-")) throw new UserError(`unknown flag ${x}\n${USAGE}`);
    else if (!a.command) a.command = x;
    else if (!a.file) a.file = x;
    else throw new UserError(`unexpected argument ${x}\n${USAGE}`);
  }
  return a;
}

/**
 * The first SIGINT or SIGTERM aborts the returned signal (the run stops after its running stage
 * stops, see interrupt.ts); a second one exits at once with 130.
 */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSignal = (name: string) => {
    if (ac.signal.aborted) {
      process.stderr.write(`\n${name} again: quitting now\n`);
      process.exit(130);
    }
    process.stderr.write(`\n${name}: stopping after the running stage stops (again to quit at once)\n`);
    ac.abort(new Interrupted(`${name}`));
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    signal: ac.signal,
    dispose() {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case "run": {
        if (!args.file) throw new UserError(`run needs a pipeline file\n${USAGE}`);
        const stop = stopOnSignals();
        try {
          await runPipeline({ file: args.file, out: args.out, sets: args.sets, fresh: args.fresh, only: args.only, allowPluginPaths: args.allowPluginPaths, signal: stop.signal });
        } finally {
          stop.dispose();
        }
        return 0;
      }
      case "validate": {
        if (!args.file) throw new UserError(`validate needs a pipeline file\n${USAGE}`);
        const { cfg, plan } = await loadPipeline(args.file, { sets: args.sets, allowPluginPaths: args.allowPluginPaths });
        process.stdout.write(`${args.file}: ok — ${cfg.name}, ${plan.length} stages: ${plan.map((s) => s.config.id).join(" → ")}\n`);
        return 0;
      }
      case "plugins": {
        const loaded = args.file ? await loadPipeline(args.file, { allowPluginPaths: args.allowPluginPaths }) : undefined;
        const extra = loaded ? loaded.cfg.plugins.map((p) => resolvePluginSpec(p.spec, loaded.pipelineDir)) : [];
        const infos = (await installedPlugins(process.cwd(), extra)).map(describePlugin);
        process.stdout.write(args.json ? JSON.stringify(infos, null, 2) + "\n" : formatPlugins(infos) + "\n");
        return 0;
      }
      case "help":
      case undefined:
        process.stdout.write(USAGE + "\n");
        return args.command ? 0 : 2;
      default:
        throw new UserError(`unknown command "${args.command}"\n${USAGE}`);
    }
  } catch (caught) {
    // a full disk or a missing permission that reached here unexplained is still the user's to fix
    const e = explainEnvironmentFault(caught);
    if (e instanceof Interrupted) {
      process.stderr.write(`${e.message}; finished stages are kept and the next run resumes after them\n`);
      return 130;
    }
    if (e instanceof UserError || (e instanceof StageError && e.isUserError)) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
