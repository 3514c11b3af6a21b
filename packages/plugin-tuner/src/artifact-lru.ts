/**
 * A worker's decoded artifacts by sha256, kept across its trials up to a memory budget, least
 * recently used out first: the splits every trial reads, the top-1600 ItemCF table a trial computed
 * and the next ones cut (derive.ts), each decoded or computed once per worker instead of once per
 * trial. runPipeline reads it (`decoded`) for cached inputs and adds what it decodes or computes.
 */
import type { Artifact } from "@shortlist/runner";

/** Bytes an artifact holds in memory (typed arrays exactly; strings and json roughly). @example artifactBytes(matrix(2, 2, new Float32Array(4))) // 16 */
export function artifactBytes(a: Artifact): number {
  switch (a.kind) {
    case "table": {
      let n = 0;
      for (const c of Object.values(a.columns)) n += Array.isArray(c) ? c.length * 32 : c.byteLength;
      for (const l of Object.values(a.lists ?? {})) n += l.offsets.byteLength + l.values.byteLength;
      return n;
    }
    case "matrix": return a.data.byteLength;
    case "blob": return a.bytes.byteLength;
    case "json": return 1024;
  }
}

/**
 * A Map whose get and set mark an entry used and that drops the least recently used entries while
 * the total passes `budget` bytes (the entry just set stays, however large).
 * @example const decoded = new ArtifactLru(1 << 30); await runPipeline({ …, decoded });
 */
export class ArtifactLru extends Map<string, Artifact> {
  private bytes = 0;
  constructor(readonly budget: number) {
    super();
  }

  override get(hash: string): Artifact | undefined {
    const a = super.get(hash);
    if (a !== undefined) {
      super.delete(hash);
      super.set(hash, a);
    }
    return a;
  }

  override set(hash: string, a: Artifact): this {
    this.delete(hash);
    super.set(hash, a);
    this.bytes += artifactBytes(a);
    for (const [old] of this) {
      if (this.bytes <= this.budget || old === hash) break;
      this.delete(old);
    }
    return this;
  }

  override delete(hash: string): boolean {
    const a = super.get(hash);
    if (a !== undefined) this.bytes -= artifactBytes(a);
    return super.delete(hash);
  }

  /** The bytes held. */
  get held(): number {
    return this.bytes;
  }
}
