/**
 * Whether a process id belongs to a running process. Signal 0 checks without signalling: ESRCH
 * means gone, EPERM means alive but someone else's.
 * @example pidAlive(process.pid) // true
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
