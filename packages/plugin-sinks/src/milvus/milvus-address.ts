/** Checking a Milvus address before any work: host[:port], or http(s)://host[:port]. */
import { UserError } from "@shortlist/runner";

export interface MilvusTarget {
  /** host:port, as the SDK takes it. */
  address: string;
  ssl: boolean;
}

const FORM = "host:port (e.g. localhost:19530) or http(s)://host:port";

/**
 * @example parseMilvusAddress("https://milvus.example:443") // { address: "milvus.example:443", ssl: true }
 */
export function parseMilvusAddress(input: string): MilvusTarget {
  const m = /^(?:(https?):\/\/)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d+))?\/?$/.exec(input.trim());
  if (!m) throw new UserError(`sink.milvus address "${input}" is not a Milvus address: expected ${FORM}`);
  const [, scheme, host, port = "19530"] = m;
  if (Number(port) < 1 || Number(port) > 65535) throw new UserError(`sink.milvus address "${input}" has port ${port}, outside 1–65535`);
  return { address: `${host}:${port}`, ssl: scheme === "https" };
}
