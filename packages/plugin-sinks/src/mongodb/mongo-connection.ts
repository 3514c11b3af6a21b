/** Connecting to MongoDB: a short server-selection timeout and a ping before any work. */
import type { MongoClient } from "mongodb";
import { UserError } from "@shortlist/runner";
import type { MongoTarget } from "./mongo-uri.ts";

/**
 * Connects and pings; failure is a UserError saying what to check.
 * @example const client = await connectMongo(parseMongoUri(uri), 5000);
 */
export async function connectMongo(target: MongoTarget, timeoutMs: number): Promise<MongoClient> {
  // Loaded on use: the driver takes a third of a second to import, and most pipelines never need it.
  const { MongoClient } = await import("mongodb");
  const client = new MongoClient(target.uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, retryWrites: true });
  try {
    await client.connect();
    await client.db("admin").command({ ping: 1 });
    return client;
  } catch (e) {
    await client.close().catch(() => {});
    const msg = e instanceof Error ? e.message : String(e);
    const hint = /auth/i.test(msg) ? "check the user and password in the uri" : "is mongod running there, and is the uri right?";
    throw new UserError(`sink.mongodb cannot reach MongoDB at ${target.display}: ${msg} (${hint})`, { cause: e });
  }
}

/** Network failures and errors MongoDB labels retryable pass on their own; the rest do not. */
export function isRetryableMongo(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (["MongoNetworkError", "MongoNetworkTimeoutError", "MongoServerSelectionError", "MongoPoolClearedError"].includes(e.name)) return true;
  const labels = (e as { errorLabels?: string[] }).errorLabels ?? [];
  return labels.includes("RetryableWriteError") || labels.includes("TransientTransactionError");
}
