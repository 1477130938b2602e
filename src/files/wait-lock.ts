import { lock } from 'proper-lockfile';
import { StsRefreshError } from '../core/errors';

/** Taking the lock failed for another reason than a holder (a read-only or full file system); `cause` says why. */
export class LockFailedError extends Error {
  override readonly name = 'LockFailedError';
}

/**
 * The timings of the locks that guard a file edit (the AWS files, the keys file): a crashed holder's
 * lock goes stale after 10 s. An edit takes milliseconds (a keyring's store a little more); half a
 * minute of waiting covers dozens of them queued on a loaded machine, and then the user hears why.
 */
export const FILE_EDIT_LOCK = { staleMs: 10_000, waitMs: 30_000 } as const;

export interface WaitLockOptions {
  /** The lock directory to make. */
  lockPath: string;
  /** A holder refreshes the lock every staleMs / 4, so only a crashed one leaves it to go stale. */
  staleMs: number;
  /** How long to wait for a live holder before giving up. */
  waitMs: number;
  /** Called if the lock is lost while held (its directory removed or taken over). */
  onLost: (error: Error) => void;
  /** What a holder is doing, for the message when it holds on too long: `editing ~/.aws/config`. */
  holderDoes: string;
}

/**
 * Takes the lock on `target` (a file that need not exist yet), waiting while another process holds
 * it; any other failure (a read-only or full file system) is reported at once, as what the lock
 * guards would fail the same way (LockFailedError). proper-lockfile's own retries would retry those too, so it is
 * asked for one attempt at a time. The same library, and so the same kind of lock, as the cache's.
 */
export async function waitForLock(
  target: string,
  { lockPath, staleMs, waitMs, onLost, holderDoes }: WaitLockOptions,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  for (let delay = 10; ; delay = Math.min(delay * 1.5, 500)) {
    try {
      return await lock(target, {
        realpath: false,
        lockfilePath: lockPath,
        stale: staleMs,
        update: staleMs / 4,
        retries: 0,
        // The default throws from a timer, which would crash the process with a stack trace.
        onCompromised: onLost,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw new LockFailedError(`could not lock ${lockPath}`, { cause: error });
      if (Date.now() > deadline) {
        throw new StsRefreshError(
          `another sts-refresh has been ${holderDoes} for too long (its lock is ${lockPath})`,
          'run the command again; if no other sts-refresh is running, remove that lock directory',
          { cause: error },
        );
      }
    }
    // Jittered, so a crowd of waiters does not retry in step.
    await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
  }
}
