/** How a lock is kept alive: injected (the cache wrapper's init) so tests need not wait out the defaults. */
export interface LockTimings {
  /** A lock whose file has not been touched for this long is taken to be a crashed holder's. */
  staleMs: number;
  /** How often a live holder touches its lock; well under staleMs, so a busy machine does not look dead. */
  updateMs: number;
}

// A holder refreshes its lock every 2.5 s; a holder killed with SIGKILL stops doing so, and waiters
// take the lock over once it is 10 s old. 10 s keeps a crash from blocking the AWS CLI for long
// while leaving a healthy holder plenty of slack on a loaded machine. Kept apart from lock.ts so
// that knowing them does not load proper-lockfile.
export const DEFAULT_LOCK_TIMINGS: LockTimings = { staleMs: 10_000, updateMs: 2_500 };
