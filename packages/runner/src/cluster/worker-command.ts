/**
 * `shortlist worker --queue URL`: runs until SIGTERM or SIGINT, then stops taking jobs and lets the
 * running one finish (a second signal quits at once; the job's lock then expires and another
 * worker takes it). Exit 0 after a clean stop.
 */
import { UserError } from "../errors.ts";
import type { CliArgs } from "../cli-args.ts";
import { startWorker } from "./worker.ts";

/** @example await workerCommand(parseCli(["worker", "--queue", "redis://127.0.0.1:6379"]) as CliArgs) */
export async function workerCommand(args: CliArgs): Promise<number> {
  if (!args.queue) throw new UserError(`shortlist worker needs --queue redis://host:port (the queue that \`shortlist run --queue\` fills)`);
  const worker = await startWorker({ queue: args.queue, store: args.store, concurrency: args.concurrency, lockMs: args.lockMs });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (name: string) => {
      if (stopping) {
        process.stderr.write(`${name} again: quitting now\n`);
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`${name}: finishing the running job, then stopping (again to quit at once)\n`);
      void worker.close().then(resolve);
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
  process.stderr.write(`worker ${worker.id} stopped\n`);
  return 0;
}
