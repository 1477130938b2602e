import { check, lock } from 'proper-lockfile';
import { DEFAULT_LOCK_TIMINGS, type LockTimings } from './lock-timings';

export type Release = () => Promise<void>;

/**
 * Tries once to take the entry's lock. Returns undefined when another process holds it; the caller
 * polls the cache meanwhile, because the holder will usually write a fresh entry before the lock frees.
 */
export async function tryLock(
  entryPath: string,
  onLost: (error: Error) => void,
  timings: LockTimings = DEFAULT_LOCK_TIMINGS,
): Promise<Release | undefined> {
  try {
    return await lock(entryPath, {
      realpath: false,
      stale: timings.staleMs,
      update: timings.updateMs,
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
export async function lockIsFresh(entryPath: string, timings: LockTimings = DEFAULT_LOCK_TIMINGS): Promise<boolean> {
  try {
    return await check(entryPath, { realpath: false, stale: timings.staleMs });
  } catch {
    return false;
  }
}
