import type { CacheEntry } from '../core/cache-entry/cache-entry';
import { StsCallError } from '../core/errors';
import { freshness, usableDuringOutage, type Renewable } from '../core/cache-entry/refresh-policy';
import type { ReadResult } from './cache-store';
import type { Release } from './lock';

export type CacheStatus = 'hit' | 'fetched' | 'refreshed' | 'stale' | 'uncached';

/** What a provider made: the entry, and the entry it was made from when that matters (the MFA session of a role). */
export interface Made<E extends Renewable = CacheEntry> {
  entry: E;
  madeFrom?: Provided<Renewable>;
}

/** An entry and how this call got it; madeFrom only when this call made it, never on a hit. */
export interface Obtained<E extends Renewable = CacheEntry> extends Made<E> {
  status: CacheStatus;
}

/** An entry, how this call got it and where it is cached (undefined with --no-cache). */
export interface Provided<E extends Renewable = CacheEntry> extends Obtained<E> {
  cachePath?: string;
}

/** A refusal in the words a user sees (message and hint), never a secret. */
export interface Refusal {
  message: string;
  hint?: string;
}

/** A refusal as a lock holder recorded it beside the entry, and when (ms). */
export interface RecordedRefusal extends Refusal {
  at: number;
}

/** Where the holder records a refusal for the callers of the same entry. */
export interface RefusalRecord {
  read: () => RecordedRefusal | undefined;
  record: (refusal: RecordedRefusal) => void;
  clear: () => void;
}

export interface CachedCredentialsInit<E extends Renewable = CacheEntry> {
  windowSeconds: number;
  now: () => number;
  read: () => ReadResult<E>;
  write: (entry: E) => void;
  /** undefined: another process holds the lock. Throws when no lock can be made at all (unwritable directory). */
  tryLock: () => Promise<Release | undefined>;
  fetch: () => Promise<Made<E>>;
  sleep: (ms: number) => Promise<void>;
  /** How long to wait for another process's refresh before giving up, unless its holder waits for a person (below). */
  lockWaitMs: number;
  /**
   * Past lockWaitMs, waiting goes on while this says the holder keeps its lock fresh and is waiting
   * for a person to type an MFA code, up to maxLockWaitMs: giving up then would fail every caller
   * behind that one prompt. A holder merely stuck on STS is not waited for past lockWaitMs.
   */
  holderWaitsForPerson: () => Promise<boolean>;
  maxLockWaitMs: number;
  /** Whether a fetch failure is an outage (network, throttling, 5xx) during which cached credentials may be served. */
  isOutage: (error: unknown) => boolean;
  warn: (message: string) => void;
  /** Raised when the lock wait runs out; built by the caller so it can name the lock's path. */
  lockTimeout: () => Error;
  /** The refusal this failure is (STS said no, or sent no answer); undefined for an outage or anything else. */
  refusalOf: (error: unknown) => Refusal | undefined;
  refusals: RefusalRecord;
  /**
   * How long a recorded refusal also answers callers that came after its holder. Callers that waited
   * for the holder are answered by it however long they waited.
   */
  refusalMs: number;
  /** After waiting this long for another process, say once, through warn, what for. */
  waitNoticeMs: number;
  /** That sentence: what the holder is doing (a renewal, an MFA prompt), and its pid when known. */
  waitNotice: () => string;
}

/**
 * Single flight over a shared cache, in the manner of aws-vault's CachedSessionProvider: a fresh
 * entry is returned as is; otherwise exactly one process (the lock holder) calls STS while the
 * others poll the cache and pick up what it writes.
 */
export async function cachedCredentials<E extends Renewable>(init: CachedCredentialsInit<E>): Promise<Obtained<E>> {
  const first = init.read();
  if (first.ok && freshness(first.entry, init.now(), init.windowSeconds) === 'fresh') return { entry: first.entry, status: 'hit' };

  const start = init.now();
  const deadline = start + init.lockWaitMs;
  const lastChance = start + Math.max(init.lockWaitMs, init.maxLockWaitMs);
  let noticed = false;
  for (let attempt = 0; ; attempt++) {
    let release: Release | undefined;
    try {
      release = await init.tryLock();
    } catch (error) {
      init.warn(`cannot lock the cache (${describe(error)}); fetching without it`);
      return { ...(await init.fetch()), status: 'uncached' };
    }
    if (release) {
      try {
        return await refreshUnderLock(init, start);
      } finally {
        await release().catch(() => undefined);
      }
    }
    // Another process is refreshing. Jitter keeps a crowd of waiters from reading in lockstep.
    await init.sleep(20 + Math.min(attempt, 10) * 10 + Math.random() * 30);
    const current = init.read();
    if (current.ok && freshness(current.entry, init.now(), init.windowSeconds) === 'fresh') return { entry: current.entry, status: 'hit' };
    throwIfRefused(init, start);
    if (!noticed && init.now() - start >= init.waitNoticeMs) {
      noticed = true;
      init.warn(init.waitNotice());
    }
    if (init.now() > deadline && (init.now() > lastChance || !(await init.holderWaitsForPerson()))) throw init.lockTimeout();
  }
}

async function refreshUnderLock<E extends Renewable>(init: CachedCredentialsInit<E>, since: number): Promise<Obtained<E>> {
  // Check again: the previous holder may have refreshed, or been refused, between our read and our lock.
  const cached = init.read();
  if (cached.ok && freshness(cached.entry, init.now(), init.windowSeconds) === 'fresh') return { entry: cached.entry, status: 'hit' };
  throwIfRefused(init, since);
  let made: Made<E>;
  try {
    made = await init.fetch();
  } catch (error) {
    if (cached.ok && init.isOutage(error) && usableDuringOutage(cached.entry, init.now())) {
      init.warn(`${error instanceof Error ? error.message : String(error)}; serving the cached credentials until STS answers again`);
      return { entry: cached.entry, status: 'stale' };
    }
    // Before the lock is released, so that every waiter finds it.
    const refusal = init.refusalOf(error);
    if (refusal) init.refusals.record({ ...refusal, at: init.now() });
    throw error;
  }
  init.refusals.clear();
  try {
    init.write(made.entry);
  } catch (error) {
    init.warn(`could not write the cache (${describe(error)}); the credentials are returned but not cached`);
    return { ...made, status: 'uncached' };
  }
  return { ...made, status: cached.ok ? 'refreshed' : 'fetched' };
}

/**
 * Fails with a refusal recorded since this call began waiting (its holder was the one this call
 * waited for), or one recorded moments ago: without it, sixteen callers of a denied role made
 * sixteen calls, one after another under the lock, and the last ones blamed the lock's timeout.
 * A refusal dated in the future (the clock was set back) answers nobody.
 */
function throwIfRefused<E extends Renewable>(init: CachedCredentialsInit<E>, since: number): void {
  const refusal = init.refusals.read();
  if (refusal === undefined) return;
  const age = init.now() - refusal.at;
  if (age < 0 || (refusal.at < since && age >= init.refusalMs)) return;
  throw new StsCallError(refusal.message, refusal.hint ?? '', false);
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
