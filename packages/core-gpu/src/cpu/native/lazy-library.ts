/**
 * A TinyCC library compiled on first use, once per process, shared by every native module: where
 * it cannot compile (or SHORTLIST_NATIVE=0) callers get undefined and run their TypeScript loops,
 * and `unavailable` says why.
 */

/** What a module's compile step returns: the library (kept alive here) and the API over it. */
export interface Compiled<T> {
  library: unknown;
  api: T;
}

export interface LazyLibrary<T> {
  /** The API, compiled on the first call; undefined when unavailable or SHORTLIST_NATIVE=0. */
  get(env?: Record<string, string | undefined>): T | undefined;
  /** Why compiling failed, once it has. */
  readonly unavailable: string | undefined;
}

/** Libraries held for the process's life: their code is freed when they are collected. */
const libraries: unknown[] = [];

/**
 * @example
 * const scan = lazyLibrary(() => { const lib = cc({ … }); return { library: lib, api: wrap(lib) }; });
 * scan.get()?.scan(…);
 */
export function lazyLibrary<T>(compile: () => Compiled<T>): LazyLibrary<T> {
  let loaded: T | null | undefined;
  let why: string | undefined;
  return {
    get(env = process.env) {
      if (env.SHORTLIST_NATIVE === "0") return undefined;
      if (loaded === undefined) {
        try {
          const c = compile();
          libraries.push(c.library);
          loaded = c.api;
        } catch (e) {
          loaded = null;
          why = e instanceof Error ? e.message : String(e);
        }
      }
      return loaded ?? undefined;
    },
    get unavailable() {
      return why;
    },
  };
}
