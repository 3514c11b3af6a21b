/** sha256 of a file on disk, read in chunks so a large artifact never sits in memory twice. */

/**
 * The same hex digest `hashBytes` gives for the file's bytes.
 * @example await hashFile("runs/x/artifacts/split.train.parquet") // "9f86d0…"
 */
export async function hashFile(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of Bun.file(path).stream()) hasher.update(chunk);
  return hasher.digest("hex");
}
