import type { CacheEntry } from '../core/cache-entry/cache-entry';
import { isCanonicalTime } from '../core/cache-entry/iso-time';
import { isUserFacing } from '../core/errors';

export interface Answer {
  status: number;
  body: string;
}

/** The container credential format every SDK reads; Expiration in RFC 3339, AccountId optional. */
export function credentialsAnswer(entry: CacheEntry): Answer {
  const c = entry.credentials;
  return {
    status: 200,
    body: JSON.stringify({
      AccessKeyId: c.AccessKeyId,
      SecretAccessKey: c.SecretAccessKey,
      Token: c.SessionToken,
      Expiration: isCanonicalTime(c.Expiration) ? c.Expiration : new Date(c.Expiration).toISOString(),
      AccountId: entry.accountId,
    }),
  };
}

/**
 * Nothing valid is left to hand out: 503 tells the SDK to keep what it has and ask again, and the
 * Message is the line credential_process would have printed.
 */
export function failureAnswer(error: unknown): Answer {
  return { status: 503, body: JSON.stringify({ Code: 'CredentialsUnavailable', Message: `sts-refresh: ${failureWords(error)}` }) };
}

/** What went wrong and what to do, as credential_process's stderr line says it. */
export function failureWords(error: unknown): string {
  return isUserFacing(error)
    ? `${error.message}${error.hint ? `; ${error.hint}` : ''}`
    : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** A refused request: the reason, never anything about the credentials. */
export function refusalAnswer(status: number, message: string): Answer {
  return { status, body: JSON.stringify({ Code: 'Refused', Message: message }) };
}
