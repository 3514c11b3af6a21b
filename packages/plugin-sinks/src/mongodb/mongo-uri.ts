/**
 * Checking a MongoDB connection string before any work: the scheme, at least one host, numeric
 * ports, and for mongodb+srv exactly one host without a port. Messages never repeat the password.
 */
import { UserError } from "@shortlist/runner";

export interface MongoTarget {
  uri: string;
  /** scheme://hosts/db without credentials, for messages. */
  display: string;
  /** The database named in the URI path, if any. */
  database?: string;
}

const FORM = "mongodb://[user:password@]host[:port][,host2…]/[database][?options] or mongodb+srv://[user:password@]host/[database]";
const SHAPE = /^(mongodb(?:\+srv)?):\/\/(?:([^@/]*)@)?([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/;

/**
 * @example parseMongoUri("mongodb://u:p@db1:27017,db2/reco").display // "mongodb://db1:27017,db2/reco"
 */
export function parseMongoUri(uri: string): MongoTarget {
  const m = SHAPE.exec(uri);
  if (!m) throw new UserError(`sink.mongodb uri does not start with mongodb:// or mongodb+srv://: expected ${FORM}`);
  const [, scheme, , hostList = "", path = ""] = m;
  const hosts = hostList.split(",");
  const shown = `${scheme}://${hostList}/${path}`;
  for (const h of hosts) {
    const hm = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(h);
    if (!hm) throw new UserError(`sink.mongodb uri "${shown}" has a bad host "${h}": expected host or host:port (${FORM})`);
    const port = hm[2];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
      throw new UserError(`sink.mongodb uri "${shown}" has port ${port}, outside 1–65535`);
    }
    if (scheme === "mongodb+srv" && (hosts.length > 1 || port !== undefined)) {
      throw new UserError(`sink.mongodb uri "${shown}": mongodb+srv takes one host name and no port (the port comes from DNS)`);
    }
  }
  const database = decodeURIComponent(path);
  if (/[/\\. "$]/.test(database)) throw new UserError(`sink.mongodb uri "${shown}" names database "${database}", which MongoDB does not allow (no / \\ . space " $)`);
  return { uri, display: shown, database: database || undefined };
}
