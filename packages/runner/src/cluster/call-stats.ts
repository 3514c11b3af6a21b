/**
 * What one sharded call cost beyond its computing: the coordination overhead the scale bench and
 * the README's scaling model are built from. compute = the busiest worker's computing seconds (the
 * critical path if nothing else happened); overhead = wall − compute (store writes and reads,
 * time in the queue, uneven shards, the merge).
 */
import type { MergeResult } from "./jobs.ts";

export interface CallStats {
  shards: number;
  workers: number;
  wall: number;
  compute: number;
  overhead: number;
  /** Bytes into the store (input, parts, merged) and out of it (input per worker, parts, merged). */
  bytesWritten: number;
  bytesRead: number;
  mergeSeconds: number;
  putSeconds: number;
  readSeconds: number;
  line(stage: string): string;
}

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

/** @example callStats(mergeResult, { wall: 12.5, putSeconds: 0.1, readSeconds: 0.02, inputBytes: 8e7, ranges: 8 }) */
export function callStats(r: MergeResult, c: { wall: number; putSeconds: number; readSeconds: number; inputBytes: number; ranges: number }): CallStats {
  const per = new Map<string, number>();
  for (const s of r.shards) per.set(s.worker, (per.get(s.worker) ?? 0) + s.seconds);
  const compute = Math.max(0, ...per.values());
  const parts = r.shards.reduce((n, s) => n + s.bytes, 0);
  const bytesWritten = c.inputBytes + parts + r.bytes;
  const bytesRead = r.shards.reduce((n, s) => n + s.inputBytes, 0) + parts + r.bytes;
  const stats = {
    shards: c.ranges,
    workers: per.size,
    wall: c.wall,
    compute,
    overhead: Math.max(0, c.wall - compute),
    bytesWritten,
    bytesRead,
    mergeSeconds: r.seconds,
    putSeconds: c.putSeconds,
    readSeconds: c.readSeconds,
  };
  return {
    ...stats,
    line: (stage) =>
      `${stage}: ${stats.shards} shards on ${stats.workers} worker(s) in ${stats.wall.toFixed(2)} s (busiest worker computing ${compute.toFixed(2)} s; ` +
      `overhead ${stats.overhead.toFixed(2)} s = ${((100 * stats.overhead) / Math.max(stats.wall, 1e-9)).toFixed(1)}%); store: ${mb(bytesWritten)} written, ${mb(bytesRead)} read; merge ${stats.mergeSeconds.toFixed(2)} s`,
  };
}
