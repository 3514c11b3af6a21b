/**
 * Faults of the machine rather than of Shortlist — a full disk, a folder that is a file, a missing
 * permission — are user errors (exit 2) that name the path, not internal errors with a stack: the
 * user can fix them, and the errno text alone ("ENOSPC: no space left on device, write") names
 * neither the file nor the stage.
 */
import { statSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import { StageError, UserError } from "./errors.ts";

const PROBLEMS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "it exists already",
  ENOENT: "no such file or folder",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files on this machine",
  EIO: "input/output error (a failing disk or network file system)",
};

const FIXES: Record<string, string> = {
  ENOSPC: "free space on that disk, or give --out a folder on another one",
  EDQUOT: "free space within your quota, or give --out a folder on another disk",
  EACCES: "check the permissions of that path, or give --out a folder you can write",
  EPERM: "check the permissions of that path, or give --out a folder you can write",
  EROFS: "give --out a folder on a writable file system",
  EMFILE: "raise the open-files limit (ulimit -n)",
  ENFILE: "close other programs, or raise the system's open-files limit",
};

/** The errno code of `e` when it is one of the faults this file explains. */
export function environmentCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && code in PROBLEMS ? code : undefined;
}

/** An environment fault explained: what was being done, to which path, why it failed, and the fix. */
export class EnvironmentError extends UserError {
  override name = "EnvironmentError";
  constructor(
    readonly code: string,
    readonly path: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The file that stands where a folder of `path` should be (for ENOTDIR/EEXIST on a folder). */
function fileInTheWay(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    let st: Stats | undefined;
    try {
      st = statSync(p);
    } catch {
      // ENOENT or ENOTDIR: p is not there (yet); look at its parent
    }
    if (st) return st.isDirectory() ? undefined : p;
    if (dirname(p) === p) return undefined;
  }
}

/**
 * `e` explained as "cannot <action> <path>: <why> (<CODE>)" plus a fix, or undefined when `e` is not
 * an environment fault (a bug stays a bug).
 * @example throw environmentError(e, "write", "/runs/x/manifest.json") ?? e
 */
export function environmentError(e: unknown, action: string, path: string, fixes: Record<string, string> = {}): EnvironmentError | undefined {
  const code = environmentCode(e);
  if (!code) return undefined;
  const inTheWay = code === "ENOTDIR" || code === "EEXIST" ? fileInTheWay(path) : undefined;
  const why = inTheWay ? `${inTheWay} is a file, not a folder` : PROBLEMS[code];
  const fix = fixes[code] ?? FIXES[code];
  return new EnvironmentError(code, path, `cannot ${action} ${path}: ${why} (${code})${fix ? `\n  fix: ${fix}` : ""}`, { cause: e });
}

/**
 * The same fault, said to have happened while `stage` wrote its outputs.
 * @example throw duringStage(e, "recall.itemcf")
 */
export function duringStage(e: unknown, stage: string): unknown {
  return e instanceof EnvironmentError ? new EnvironmentError(e.code, e.path, `stage "${stage}": ${e.message}`, { cause: e }) : e;
}

/**
 * The CLI's last line of defence: an environment fault that reached it unexplained (from a stage's
 * own file access, say) becomes a user error with its path, instead of an internal error.
 * @example const err = explainEnvironmentFault(caught)
 */
export function explainEnvironmentFault(e: unknown): unknown {
  if (e instanceof StageError && !e.isUserError) {
    const inner = explainEnvironmentFault(e.original);
    return inner === e.original ? e : new StageError(e.plugin, e.stage, inner);
  }
  if (e instanceof UserError || !environmentCode(e)) return e;
  const { syscall, path } = e as { syscall?: string; path?: string };
  return environmentError(e, syscall ? `${syscall}` : "access", path ?? "a file")!;
}
