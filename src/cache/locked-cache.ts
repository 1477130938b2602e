import { MFA_CODE_WAIT_MS } from '../core/mfa-code';
import type { Renewable } from '../core/refresh-policy';
import type { ResolvedOptions } from '../core/role-request';
import { isOutage, StsRefreshError } from '../errors';
import { cachedCredentials, type Obtained } from './cached-credentials';
import type { CacheStore } from './cache-store';
import { clearCodeMarker, isAwaitingCode } from './code-wait-marker';

export interface LockedCacheIo {
  now: () => number;
  warn: (message: string) => void;
}

/** One entry behind its lock: role entries and MFA sessions share the single-flight rules. */
export async function lockedCache<E extends Renewable>(
  store: CacheStore<E>,
  options: ResolvedOptions,
  fetch: () => Promise<E>,
  io: LockedCacheIo,
): Promise<Obtained<E>> {
  const timeoutMs = options.timeoutSeconds * 1000;
  return cachedCredentials({
    windowSeconds: options.cache.refreshWindowSeconds,
    now: io.now,
    read: () => store.read(),
    write: (entry) => store.write(entry),
    tryLock: async () => {
      store.ensureDir();
      // The lock, not the miss script: a waiter that never becomes the holder should not pay for
      // decompressing and compiling the SDK; with 64 cold callers on two cores that was most of p99.
      const { tryLock } = await import('./lock');
      const release = await tryLock(store.path, () =>
        io.warn(`lost the lock on ${store.path}; another process may refresh at the same time`),
      );
      if (!release) return undefined;
      clearCodeMarker(store.path);
      return async () => {
        clearCodeMarker(store.path);
        await release();
      };
    },
    fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    lockWaitMs: timeoutMs,
    // The holder may be waiting for a person to type an MFA code, then has a full --timeout for STS.
    maxLockWaitMs: timeoutMs + MFA_CODE_WAIT_MS + timeoutMs,
    holderWaitsForPerson: async () => isAwaitingCode(store.path) && (await import('./lock')).lockIsFresh(store.path),
    isOutage,
    warn: io.warn,
    lockTimeout: () =>
      new StsRefreshError(
        `timed out after ${options.timeoutSeconds}s waiting for another sts-refresh to refresh ${store.path}`,
        `if no other sts-refresh is running, remove ${store.path}.lock`,
      ),
  });
}
