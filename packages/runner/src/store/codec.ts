/** Artifacts ⇄ bytes on disk, one file each, with the file extension naming the kind. */
import type { Artifact } from "../artifacts.ts";
import { parquetToTable, tableToParquet } from "./parquet.ts";
import { matrixToNpy, npyToMatrix } from "./npy.ts";

export function fileNameFor(name: string, a: Artifact): string {
  switch (a.kind) {
    case "table": return `${name}.parquet`;
    case "matrix": return `${name}.npy`;
    case "json": return `${name}.json`;
    case "blob": return `${name}.${a.ext}`;
  }
}

export function encodeArtifact(a: Artifact): Uint8Array {
  switch (a.kind) {
    case "table": return tableToParquet(a);
    case "matrix": return matrixToNpy(a);
    case "json": return new TextEncoder().encode(JSON.stringify(a.value, null, 1));
    case "blob": return a.bytes;
  }
}

export async function decodeArtifact(kind: Artifact["kind"], bytes: Uint8Array, file: string): Promise<Artifact> {
  switch (kind) {
    case "table": return parquetToTable(bytes);
    case "matrix": return npyToMatrix(bytes, file);
    case "json": return { kind: "json", value: JSON.parse(new TextDecoder().decode(bytes)) };
    case "blob": return { kind: "blob", ext: file.slice(file.lastIndexOf(".") + 1), bytes };
  }
}

/** Content hash of an artifact's bytes (sha256, hex). */
export function hashBytes(bytes: Uint8Array | string): string {
  return new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
}
