import type { CacheEntry } from './core/cache-entry/cache-entry';
import { isCanonicalTime } from './core/cache-entry/iso-time';

/** The credential_process contract: exactly one JSON object, Version 1. */
export function credentialProcessJson(entry: CacheEntry): string {
  const c = entry.credentials;
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: c.AccessKeyId,
    SecretAccessKey: c.SecretAccessKey,
    SessionToken: c.SessionToken,
    // Entries hold what toISOString wrote; converting again would only cost a hit time.
    Expiration: isCanonicalTime(c.Expiration) ? c.Expiration : new Date(c.Expiration).toISOString(),
    AccountId: entry.accountId,
  })}\n`;
}
