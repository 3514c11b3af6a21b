#!/usr/bin/env bun
/**
 * The `shortlist` command.
 *   shortlist run <pipeline.yaml> [--out DIR] [--set path=value]… [--fresh] [--only STAGE]… [--allow-plugin-path DIR]…
 *   shortlist validate <pipeline.yaml>… [--set path=value]… [--services] [--allow-plugin-path DIR]…
 *   shortlist plugins [--json] [pipeline.yaml] [--allow-plugin-path DIR]…
 *   shortlist compare <run> <run>… | <run-dir> [--last N] [--json]   (compare/command.ts)
 *   shortlist worker --queue redis://… [--store DIR] [--concurrency N] [--lock-ms MS]   (cluster/worker-command.ts)
 *   shortlist tune <pipeline.yaml> [--out DIR] [--set path=value]… [--parallel N]   (@shortlist/plugin-tuner)
 *   shortlist --help | <command> --help | --version     (arguments: cli-args.ts, flags and help: cli-commands.ts)
 * Exit codes: 0 ok, 2 user error (bad config, bad input), 1 internal error, 130 interrupted
 * (Ctrl-C or SIGTERM: the running stage is asked to stop; a second Ctrl-C quits at once).
 */
import { Interrupted, UserError, StageError } from "./errors.ts";
import { runPipeline } from "./run.ts";
import { loadPipeline } from "./pipeline-file.ts";
import { resolvePluginSpec } from "./loader.ts";
import { describePlugin, formatPlugins, installedPlugins } from "./describe.ts";
import { explainEnvironmentFault } from "./environment-error.ts";
import { parseCli } from "./cli-args.ts";
import { helpText } from "./cli-commands.ts";
import { trackStdio } from "./flush-stdio.ts";
import { validateFiles } from "./validate-files.ts";
import pkg from "../package.json" with { type: "json" };
import { compareCommand } from "./compare/command.ts";
import { workerCommand } from "./cluster/worker-command.ts";

/** `shortlist tune` lives in @shortlist/plugin-tuner (which builds on this package): loaded when asked for. */
async function tuneCommand(argv: string[]): Promise<number> {
  let mod: { tuneCommand(argv: string[], o: { signal: AbortSignal }): Promise<number> };
  try {
    mod = await import("@shortlist/plugin-tuner/cli" as string);
  } catch (e) {
    throw new UserError(`shortlist tune needs @shortlist/plugin-tuner: install it (bun add @shortlist/plugin-tuner) (${(e as Error).message.split("\n")[0]})`);
  }
  const stop = stopOnSignals();
  try {
    return await mod.tuneCommand(argv, { signal: stop.signal });
  } finally {
    stop.dispose();
  }
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
    if (argv[0] === "compare") return await compareCommand(argv.slice(1), process.stdout);
    if (argv[0] === "tune") return await tuneCommand(argv.slice(1));
    const args = parseCli(argv);
    switch (args.command) {
      case "run": {
        const stop = stopOnSignals();
        try {
          if ((args.store || args.shards) && !args.queue) throw new UserError(`--store and --shards go with --queue redis://…, which this run does not have`);
          await runPipeline({ file: args.files[0]!, out: args.out, sets: args.sets, fresh: args.fresh, only: args.only, allowPluginPaths: args.allowPluginPaths, signal: stop.signal, queue: args.queue, store: args.store, shards: args.shards });
        } finally {
          stop.dispose();
        }
        return 0;
      }
      case "worker":
        return await workerCommand(args);
      case "validate":
        return await validateFiles(args.files, { sets: args.sets, allowPluginPaths: args.allowPluginPaths, services: args.services });
      case "plugins": {
        const loaded = args.files[0] ? await loadPipeline(args.files[0], { allowPluginPaths: args.allowPluginPaths }) : undefined;
        const extra = loaded ? loaded.cfg.plugins.map((p) => resolvePluginSpec(p.spec, loaded.pipelineDir)) : [];
        const infos = (await installedPlugins(process.cwd(), extra)).map(describePlugin);
        process.stdout.write(args.json ? JSON.stringify(infos, null, 2) + "\n" : formatPlugins(infos) + "\n");
        return 0;
      }
      case "help":
        (args.code ? process.stderr : process.stdout).write(helpText(args.topic) + "\n");
        return args.code;
      case "version":
        process.stdout.write(`shortlist ${pkg.version} (@shortlist/runner, Bun ${Bun.version})\n`);
        return 0;
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

/** Runs the command and exits with its code; the bin (bin/shortlist.js) calls this. @example await runCli(["plugins"]) */
export async function runCli(argv: string[]): Promise<void> {
  // process.exit() drops what a pipe has not taken yet: exit only once stdout and stderr drained
  const exit = trackStdio();
  await exit(await main(argv));
}

if (import.meta.main) await runCli(process.argv.slice(2));
