/**
 * `bun run bench [filter…]`: runs every registered benchmark module, or those whose name
 * contains a filter word. To add a benchmark, write bench/<name>.ts exporting
 * `async function run(): Promise<void>` (print a table, write bench/results/<name>.json, compare
 * with peers in the same run) and append its path to `modules` below.
 */
export const modules: string[] = ["./kernels.ts", "./data.ts", "./recall.ts", "./redis-sink.ts", "./train.ts", "./train-flush.ts", "./tune.ts", "./widedeep.ts", "./twotower.ts", "./twotower-topk.ts", "./twotower-accuracy.ts", "./gbdt.ts", "./gbdt-histogram.ts", "./scale.ts"];

const filters = process.argv.slice(2);
const selected = modules.filter((m) => filters.length === 0 || filters.some((f) => m.includes(f)));
if (selected.length === 0) {
  console.error(`bench: no module matches ${filters.join(", ")}; registered: ${modules.join(", ")}`);
  process.exit(2);
}
// One module failing (a missing peer, a service not running) must not hide the others' figures.
const failed: string[] = [];
for (const path of selected) {
  console.log(`\n== ${path} ==`);
  try {
    const mod = (await import(path)) as { run?: () => Promise<void> };
    if (typeof mod.run !== "function") throw new Error(`bench module ${path} does not export run()`);
    await mod.run();
  } catch (err) {
    failed.push(path);
    console.error(`bench ${path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
if (failed.length > 0) {
  console.error(`bench: ${failed.length} module(s) failed: ${failed.join(", ")}`);
  process.exit(1);
}
