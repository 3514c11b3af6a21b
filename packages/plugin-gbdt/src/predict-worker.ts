/**
 * Worker of the parallel predictor (predict-parallel.ts): idle in its event loop until a job
 * arrives, then claims chunks of rows from the job's own control block and scores each exactly as
 * the calling thread would (predict-rows.ts). A worker that gets a job late finds every chunk
 * claimed and does nothing: each job has its own control block, so it can never touch another.
 */
import { parentPort } from "node:worker_threads";
import { BLOCK, scoreRows } from "./predict-rows.ts";
import { runClaims, type PredictJob } from "./predict-job.ts";

let x = new Float32Array(0);
parentPort!.on("message", (job: PredictJob) => {
  if (x.length < BLOCK * job.columns.length) x = new Float32Array(BLOCK * job.columns.length);
  runClaims(job, (a, b) => scoreRows(job.trees, job.baseScore, job.columns, a, b, job.out, x), true);
});
