import type { CacheEntry } from '../core/cache-entry/cache-entry';
import { freshness, usableDuringOutage } from '../core/cache-entry/refresh-policy';
import { failureWords } from './endpoint-answer';

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
}

/**
 * The endpoint's answers for the life of one command. An entry outside its refresh window is
 * handed out from memory; once it is due, the next request goes through the shared cache and lock
 * again (which renews, or picks up what another process renewed), and requests arriving meanwhile
 * wait for that same pass instead of starting their own: single flight within the process, the
 * lock across processes. During an outage the outage rule of credential_process applies to the
 * entry held here too, which is all there is with --no-cache.
 */
export function credentialSupplier(init: CredentialSupplierInit): () => Promise<CacheEntry> {
  let current = init.initial;
  let pending: Promise<CacheEntry> | undefined;

  const renew = async (): Promise<CacheEntry> => {
    try {
      current = await init.obtain();
      return current;
    } catch (error) {
      if (current !== undefined && init.isOutage(error) && usableDuringOutage(current, init.now())) {
        init.warn(`${error instanceof Error ? error.message : String(error)}; serving the credentials held until STS answers again`);
        return current;
      }
      // Once per failed renewal, however many requests were waiting for it: the command's SDK
      // sees only a 503, the person at the terminal should see why.
      init.warn(`could not renew the credentials for the command: ${failureWords(error)}`);
      throw error;
    } finally {
      pending = undefined;
      init.afterRenewal?.();
    }
  };

  return () => {
    if (current !== undefined && freshness(current, init.now(), init.windowSeconds) === 'fresh') return Promise.resolve(current);
    pending ??= renew();
    return pending;
  };
}
