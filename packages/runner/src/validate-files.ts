/**
 * `shortlist validate <file>...`: checks each pipeline file and reports each, so
 * `shortlist validate examples/*.yaml` shows every broken file at once, not the first. With
 * `services`, it also runs the sinks' service checks a run makes before its first stage. A file's
 * `tune:` block is checked too (through @shortlist/plugin-tuner).
 */
import { checkServices } from "./check-services.ts";
import { StageError, UserError } from "./errors.ts";
import { loadPipeline, type LoadOptions } from "./pipeline-file.ts";

/**
 * A `tune:` block is checked by @shortlist/plugin-tuner (parameters, values, objective) when it is
 * installed; without it the block is reported unchecked, since `run` ignores it anyway.
 */
async function checkSearch(file: string, opts: LoadOptions): Promise<string> {
  let mod: { describeSearch(file: string, load: LoadOptions): Promise<string> };
  try {
    mod = await import("@shortlist/plugin-tuner/prepare" as string);
  } catch {
    return "search: not checked (install @shortlist/plugin-tuner to check the tune: block)";
  }
  return await mod.describeSearch(file, opts);
}

export interface ValidateOptions extends LoadOptions {
  /** Also connect to every sink's service (--services). */
  services?: boolean;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

/**
 * Validates `files` one by one: "ok" lines on stdout, each user error on stderr. Returns 0 when all
 * pass, else 2; an internal error (a bug) is thrown as it is.
 * @example process.exitCode = await validateFiles(["examples/movielens.yaml"], { services: true })
 */
export async function validateFiles(files: readonly string[], opts: ValidateOptions = {}): Promise<0 | 2> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  let failed = 0;
  for (const file of files) {
    try {
      const { cfg, plan } = await loadPipeline(file, opts);
      const search = cfg.src.doc.has("tune") ? `\n  ${await checkSearch(file, opts)}` : "";
      const checked = opts.services ? await checkServices(plan) : [];
      const services = checked.map((c) => `\n  ${c.stage}: ${c.checked} answered`).join("");
      const none = opts.services && !checked.length ? " (no stage uses a service)" : "";
      stdout.write(`${file}: ok — ${cfg.name}, ${plan.length} stages: ${plan.map((s) => s.config.id).join(" → ")}${none}${services}${search}\n`);
    } catch (e) {
      if (!(e instanceof UserError || (e instanceof StageError && e.isUserError))) throw e;
      failed++;
      // Among several files, say which one failed (a config error's message starts with it already;
      // one about a --set flag names the flag instead, which is all a single file needs).
      const named = files.length === 1 || e.message.startsWith(file);
      stderr.write(`error: ${named ? "" : `${file}: `}${e.message}\n`);
    }
  }
  if (files.length > 1 && failed) stderr.write(`${failed} of ${files.length} pipeline files failed\n`);
  return failed ? 2 : 0;
}
