/**
 * The shared store: where a coordinator puts a sharded stage's input and its workers put their
 * parts, under content-addressed names (`<namespace>/<sha256>`), so a duplicate completion (a
 * stalled job that finishes twice) writes the same name with the same bytes and is harmless.
 * A directory every machine mounts at the same path (NFS, EFS, a bind mount), or an S3 prefix
 * (`s3://bucket/prefix`, through Bun's S3 client; endpoint and credentials from S3_ENDPOINT,
 * S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION — Bun's own variables). Each namespace is one
 * sharded call of one run; the coordinator removes it when the call ends, so nothing is left over.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { hashBytes } from "../store/codec.ts";
import { writeFileAtomic } from "../store/atomic.ts";
import { UserError } from "../errors.ts";

export interface SharedStore {
  /** Where it is, for messages and for workers (a path or an s3:// URL). */
  readonly location: string;
  /** Writes `bytes` atomically as `<ns>/<sha256>`; returns that key. */
  put(ns: string, bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array>;
  /** The keys under a namespace (temporary files included: a leftover shows). */
  list(ns: string): Promise<string[]>;
  /** Removes a namespace and everything in it (temporary files of a killed writer too). */
  removeAll(ns: string): Promise<void>;
}

const safeNs = (ns: string) => {
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(ns) || ns.split("/").includes("..")) throw new Error(`store namespace "${ns}" must be word characters, dots and dashes separated by /`);
  return ns;
};

/** @example const store = directoryStore("/mnt/shortlist") */
export function directoryStore(dir: string): SharedStore {
  const root = resolve(dir);
  return {
    location: root,
    async put(ns, bytes) {
      const key = `${safeNs(ns)}/${hashBytes(bytes)}`;
      const path = join(root, key);
      if (!existsSync(path)) await writeFileAtomic(path, bytes);
      return key;
    },
    async get(key) {
      return new Uint8Array(await Bun.file(join(root, safeNs(key))).arrayBuffer());
    },
    async list(ns) {
      const d = join(root, safeNs(ns));
      return existsSync(d) ? readdirSync(d).map((f) => `${ns}/${f}`) : [];
    },
    async removeAll(ns) {
      rmSync(join(root, safeNs(ns)), { recursive: true, force: true });
    },
  };
}

/** @example const store = s3Store("s3://my-bucket/shortlist") */
export function s3Store(url: string): SharedStore {
  const u = new URL(url);
  const bucket = u.host;
  const prefix = u.pathname.replace(/^\/+|\/+$/g, "");
  const client = new Bun.S3Client({ bucket, endpoint: process.env.S3_ENDPOINT, region: process.env.S3_REGION, accessKeyId: process.env.S3_ACCESS_KEY_ID, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY });
  const full = (key: string) => (prefix ? `${prefix}/${key}` : key);
  const keysUnder = async (ns: string): Promise<string[]> => {
    const keys: string[] = [];
    let startAfter: string | undefined;
    for (;;) {
      const page = await client.list({ prefix: `${full(safeNs(ns))}/`, startAfter });
      for (const c of page.contents ?? []) keys.push(c.key);
      if (!page.isTruncated || !page.contents?.length) return keys;
      startAfter = page.contents.at(-1)!.key;
    }
  };
  return {
    location: url,
    async put(ns, bytes) {
      const key = `${safeNs(ns)}/${hashBytes(bytes)}`;
      await client.write(full(key), bytes); // one PUT: an object appears whole or not at all
      return key;
    },
    async get(key) {
      return new Uint8Array(await client.file(full(safeNs(key))).arrayBuffer());
    },
    async list(ns) {
      return (await keysUnder(ns)).map((k) => (prefix ? k.slice(prefix.length + 1) : k));
    },
    async removeAll(ns) {
      for (const k of await keysUnder(ns)) await client.delete(k);
    },
  };
}

/**
 * A store from `--store`: an s3:// URL or a directory (created if missing).
 * @example openStore("/mnt/shared/shortlist")
 */
export function openStore(spec: string): SharedStore {
  if (spec.startsWith("s3://")) return s3Store(spec);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new UserError(`--store ${spec}: expected a directory every machine mounts, or s3://bucket/prefix`);
  try {
    mkdirSync(resolve(spec), { recursive: true });
  } catch (e) {
    throw new UserError(`--store ${spec}: cannot create the directory (${(e as Error).message})`);
  }
  return directoryStore(spec);
}
