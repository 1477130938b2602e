import type { CacheEntry } from '../core/cache-entry/cache-entry';
import { aboveHeldKeysFloor, freshness, msUntilRefreshDue, usableDuringOutage } from '../core/cache-entry/refresh-policy';
import { StsRefreshError } from '../core/errors';
import { failureWords } from './endpoint-answer';

// How long a request for keys below the floor waits for the renewal before it is answered 503: the
// JS SDK gives a container endpoint 1 s before it gives up (botocore 2 s, three times), so an
// answer later than that would reach nobody, and a 503 makes the SDK ask again.
export const RENEWAL_WAIT_MS = 1000;

/** Runs `run` in `ms` (without keeping the process alive for it); returns what cancels it. */
export type Schedule = (ms: number, run: () => void) => () => void;

const unrefTimer: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface CredentialSupplierInit {
  /** One pass through the shared cache and lock, as credential_process makes it (obtainCredentials). */
  obtain: () => Promise<CacheEntry>;
  now: () => number;
  windowSeconds: number;
  isOutage: (error: unknown) => boolean;
  warn: (message: string) => void;
  /** What exec obtained before it started the command. */
  initial?: CacheEntry;
  /** Called once each renewal has ended, however it ended (exec collects its garbage). */
  afterRenewal?: () => void;
  /** RENEWAL_WAIT_MS unless a test shortens it. */
  waitMs?: number;
  /** Timers: real ones (unref'd) unless a test fires them itself. */
  schedule?: Schedule;
}

export interface CredentialSupplier {
  /** The answer to one request of the command's. */
  supply: () => Promise<CacheEntry>;
  /** The command has ended: no renewal starts on its own any more. */
  stop: () => void;
}

/**
 * The endpoint's answers for the life of one command. An entry outside its refresh window is
 * handed out from memory. Inside it, a renewal goes through the shared cache and lock again (which
 * renews, or picks up what another process renewed), one at a time; meanwhile the held keys are
 * answered at once for as long as they are above the floor (refresh-policy.ts), whether the
 * renewal hangs, waits for an MFA code or has failed. Below the floor a request waits for the
 * renewal up to waitMs and is then told why there is nothing. During an outage the outage rule of
 * credential_process applies to the entry held here too, which is all there is with --no-cache.
 *
 * Keys the command has been given are renewed as soon as they enter their window, without waiting
 * for its next request (the JS SDK asks only 5 minutes before expiry): an MFA prompt then starts
 * with the whole window ahead of it. Keys it was never given are renewed only when it asks.
 */
export function credentialSupplier(init: CredentialSupplierInit): CredentialSupplier {
  const waitMs = init.waitMs ?? RENEWAL_WAIT_MS;
  const schedule = init.schedule ?? unrefTimer;
  let current = init.initial;
  let pending: Promise<CacheEntry> | undefined;
  let handedOut: CacheEntry | undefined;
  let cancelEarlyRenewal: (() => void) | undefined;
  let stopped = false;
  let lastWarning: string | undefined;

  // One line per kind of failure, not one per attempt: a command asking every second through an
  // outage would otherwise fill its terminal.
  const warnOnce = (message: string) => {
    if (message !== lastWarning) init.warn(message);
    lastWarning = message;
  };

  const renew = (): Promise<CacheEntry> => {
    const renewal = (async () => {
      try {
        current = await init.obtain();
        lastWarning = undefined;
        return current;
      } catch (error) {
        const held = current;
        if (held !== undefined && init.isOutage(error) && usableDuringOutage(held, init.now())) {
          warnOnce(`${error instanceof Error ? error.message : String(error)}; serving the credentials held until STS answers again`);
          return held;
        }
        // The command's SDK sees a 503 at most; the person at the terminal should see why.
        warnOnce(`could not renew the credentials for the command: ${failureWords(error)}`);
        throw error;
      } finally {
        pending = undefined;
        init.afterRenewal?.();
      }
    })();
    // Requests answered from the held keys do not wait for it; a failure is warned about above.
    renewal.catch(() => undefined);
    return renewal;
  };

  const handOut = (entry: CacheEntry): CacheEntry => {
    if (entry === handedOut || stopped) return entry;
    handedOut = entry;
    cancelEarlyRenewal?.();
    cancelEarlyRenewal = undefined;
    const dueInMs = msUntilRefreshDue(entry, init.now(), init.windowSeconds);
    // An entry already due was handed out by a request that started its renewal.
    if (dueInMs > 0) {
      cancelEarlyRenewal = schedule(dueInMs, () => {
        cancelEarlyRenewal = undefined;
        if (!stopped && current === entry) pending ??= renew();
      });
    }
    return entry;
  };

  const waitForRenewal = (renewal: Promise<CacheEntry>): Promise<CacheEntry> =>
    new Promise((resolve, reject) => {
      const cancel = schedule(waitMs, () =>
        reject(
          new StsRefreshError(
            'the credentials are still being renewed (STS has not answered yet, or an MFA code is awaited)',
            'the SDK asks again; should the renewal fail, sts-refresh says why on its terminal',
          ),
        ),
      );
      renewal.then(
        (entry) => {
          cancel();
          resolve(entry);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });

  return {
    supply: () => {
      const now = init.now();
      const held = current;
      if (held !== undefined && freshness(held, now, init.windowSeconds) === 'fresh') return Promise.resolve(handOut(held));
      const renewal = (pending ??= renew());
      if (held !== undefined && aboveHeldKeysFloor(held, now, init.windowSeconds)) return Promise.resolve(handOut(held));
      return waitForRenewal(renewal).then(handOut);
    },
    stop: () => {
      stopped = true;
      cancelEarlyRenewal?.();
    },
  };
}
