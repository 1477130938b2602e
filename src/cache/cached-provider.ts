import { MFA_CODE_WAIT_MS } from '../core/sts/mfa-code';
import type { Renewable } from '../core/cache-entry/refresh-policy';
import { isOutage, isRefusal, StsRefreshError } from '../core/errors';
import { cachedCredentials, type Made, type Provided } from './cached-credentials';
import type { CacheStore } from './cache-store';
import { clearCodeMarker, isAwaitingCode, markAwaitingCode } from './code-wait-marker';
import { clearHolder, holderPid, noteHolder } from './lock-holder';
import type { LockTimings } from './lock-timings';
import { clearRefusal, readRefusal, recordRefusal } from './refusal-marker';

// A few seconds: long enough for a crowd of callers started together (a terraform plan's
// providers, a build's parallel jobs) to arrive on a loaded machine, short enough that a trust
// policy fixed in the console works on the next try. Callers that waited for the refused holder
// are answered by its refusal whenever it comes.
const REFUSAL_MS = 5_000;

// aws-vault says "Waiting for session lock" after a few seconds too: a renewal takes well under a
// second, so a wait this long is another process's MFA prompt or a slow STS, worth one line.
const WAIT_NOTICE_MS = 5_000;

/** What a provider running under an entry's lock may tell the processes waiting on it. */
export interface HeldLock {
  /** A person is being (or is about to be) asked for an MFA code: waiters outwait their --timeout. */
  markAwaitingCode(): void;
}

/** A provider of entries; `held` is the lock it runs under, a no-op without a cache. */
export type EntryProvider<E extends Renewable> = (held: HeldLock) => Promise<Made<E>>;

export interface CacheInit<E extends Renewable> {
  store: CacheStore<E>;
  provider: EntryProvider<E>;
  refreshWindowSeconds: number;
  now: () => number;
  lockTimings: LockTimings;
  /** --timeout: how long to wait for another process's refresh (longer while its holder waits for a person). */
  timeoutMs: number;
  /** What the entry is for, as a waiter names it: the role ARN, or "the MFA session of <serial>". */
  subject: string;
  warn: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** After waiting this long for another process, say once what for (a test shortens it). */
  waitNoticeMs?: number;
}

/**
 * Wraps any provider with the shared cache, in the manner of aws-vault's CachedSessionProvider: a
 * fresh entry is returned as is, otherwise one process (the lock holder) runs the provider while
 * the others wait and pick up what it writes. Role entries and MFA sessions share these rules.
 */
export function fromCache<E extends Renewable>(init: CacheInit<E>): () => Promise<Provided<E>> {
  const { store, lockTimings, timeoutMs } = init;
  const held: HeldLock = { markAwaitingCode: () => markAwaitingCode(store.path) };
  // The lock, not the miss script: a waiter that never becomes the holder should not pay for
  // decompressing and compiling the SDK; with 64 cold callers on two cores that was most of p99.
  const lockModule = () => import('./lock');
  return async () => {
    const obtained = await cachedCredentials({
      windowSeconds: init.refreshWindowSeconds,
      now: init.now,
      read: () => store.read(),
      write: (entry) => store.write(entry),
      tryLock: async () => {
        store.ensureDir();
        const release = await (
          await lockModule()
        ).tryLock(store.path, () => init.warn(`lost the lock on ${store.path}; another process may refresh at the same time`), lockTimings);
        if (!release) return undefined;
        // A holder killed while prompting leaves its mark; marks last exactly as long as the lock,
        // so that a waiter past its deadline sees the mark or the new entry, never neither.
        clearCodeMarker(store.path);
        noteHolder(store.path);
        return async () => {
          clearCodeMarker(store.path);
          clearHolder(store.path);
          await release();
        };
      },
      fetch: () => init.provider(held),
      sleep: init.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      lockWaitMs: timeoutMs,
      // The holder may be waiting for a person to type an MFA code, then has a full --timeout for STS.
      maxLockWaitMs: timeoutMs + MFA_CODE_WAIT_MS + timeoutMs,
      holderWaitsForPerson: async () => isAwaitingCode(store.path) && (await lockModule()).lockIsFresh(store.path, lockTimings),
      isOutage,
      warn: init.warn,
      lockTimeout: () =>
        new StsRefreshError(
          `timed out after ${Math.round(timeoutMs / 1000)}s waiting for another sts-refresh to refresh ${store.path}`,
          `if no other sts-refresh is running, remove ${store.path}.lock`,
        ),
      refusalOf: (error) => (isRefusal(error) ? { message: error.message, ...(error.hint && { hint: error.hint }) } : undefined),
      refusals: {
        read: () => readRefusal(store.path),
        record: (refusal) => recordRefusal(store.path, refusal),
        clear: () => clearRefusal(store.path),
      },
      refusalMs: REFUSAL_MS,
      waitNoticeMs: init.waitNoticeMs ?? WAIT_NOTICE_MS,
      waitNotice: () => {
        const pid = holderPid(store.path);
        const holder = `another sts-refresh${pid === undefined ? '' : ` (pid ${pid})`}`;
        return isAwaitingCode(store.path)
          ? `waiting for ${holder}, which is waiting for an MFA code for ${init.subject}`
          : `waiting for ${holder} to renew ${init.subject}`;
      },
    });
    return { ...obtained, cachePath: store.path };
  };
}

const NO_LOCK: HeldLock = { markAwaitingCode: () => undefined };

/** The same provider with --no-cache: every call makes a new entry. */
export function withoutCache<E extends Renewable>(provider: EntryProvider<E>): () => Promise<Provided<E>> {
  return async () => ({ ...(await provider(NO_LOCK)), status: 'uncached' });
}
