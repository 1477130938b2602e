import { check, lock } from 'proper-lockfile';

export type Release = () => Promise<void>;

// A holder refreshes its lock every STALE_MS / 4; a holder killed with SIGKILL stops doing so, and
// waiters take the lock over once it is STALE_MS old. 10 s keeps a crash from blocking the AWS CLI
// for long while leaving a healthy holder plenty of slack on a loaded machine.
export const LOCK_STALE_MS = 10_000;

/**
 * Tries once to take the entry's lock. Returns undefined when another process holds it; the caller
 * polls the cache meanwhile, because the holder will usually write a fresh entry before the lock frees.
 */
export async function tryLock(entryPath: string, onLost: (error: Error) => void): Promise<Release | undefined> {
  try {
    return await lock(entryPath, {
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_STALE_MS / 4,
      retries: 0,
      // The default throws from a timer, which would crash the process with a stack trace.
      onCompromised: onLost,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw error;
  }
}

/** Whether another process holds the entry's lock and keeps it fresh, i.e. is alive and working on it. */
export async function lockIsFresh(entryPath: string): Promise<boolean> {
  try {
    return await check(entryPath, { realpath: false, stale: LOCK_STALE_MS });
  } catch {
    return false;
  }
}
