import type { CacheEntry } from './core/cache-entry';
import { effectiveWindowSeconds, remainingMs } from './core/refresh-policy';
import type { ObtainResult } from './obtain-credentials';

/** The credential_process contract: exactly one JSON object, Version 1. */
export function credentialProcessJson(entry: CacheEntry): string {
  const c = entry.credentials;
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: c.AccessKeyId,
    SecretAccessKey: c.SecretAccessKey,
    SessionToken: c.SessionToken,
    Expiration: new Date(c.Expiration).toISOString(),
    AccountId: entry.accountId,
  })}\n`;
}

const STATUS_TEXT: Record<ObtainResult['status'], string> = {
  hit: 'hit (served from the cache)',
  fetched: 'fetched (no cached entry; called STS)',
  refreshed: 'refreshed (the cached entry was inside its refresh window; called STS)',
  stale: 'stale (STS unreachable; served the cached entry, which has not expired)',
  uncached: 'not cached (called STS)',
};

/** The human summary of `print`: everything useful for debugging, the secret and token left out. */
export function printSummary(result: ObtainResult, nowMs: number, windowSeconds: number): string {
  const { entry } = result;
  const expires = new Date(entry.credentials.Expiration);
  const minutesLeft = Math.floor(remainingMs(entry, nowMs) / 60_000);
  const window = effectiveWindowSeconds(windowSeconds, entry.request.durationSeconds);
  const offset = entry.clockOffsetMs / 1000;
  const rows: Array<[string, string]> = [
    ['role', entry.request.roleArn],
    ['assumed role', entry.assumedRoleArn ?? '(unknown)'],
    ['account', entry.accountId],
    ['source profile', entry.request.sourceProfile],
    ['session name', entry.request.sessionName],
    ['region', entry.request.region ?? `${entry.stsRegion} (source profile's region, else us-east-1)`],
    ['endpoint', entry.request.endpoint ?? `regional (https://sts.${entry.stsRegion}.amazonaws.com)`],
    ['cache file', result.cachePath ?? 'none (--no-cache)'],
    ['cache status', STATUS_TEXT[result.status]],
    ['expires', `${expires.toISOString()} UTC, ${localTime(expires)} local, ${minutesLeft} min left`],
    [
      'refresh window',
      `${Math.round(window / 60)} min before expiry (refreshed from ${new Date(expires.getTime() - window * 1000).toISOString()})`,
    ],
    ['clock offset', `${offset >= 0 ? '+' : ''}${offset.toFixed(1)} s (STS minus this machine)`],
    ['access key id', entry.credentials.AccessKeyId],
    ['secret key', 'hidden (print --json shows it)'],
    ['session token', 'hidden (print --json shows it)'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return `${rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n')}\n`;
}

function localTime(date: Date): string {
  return date.toLocaleString('sv-SE', { timeZoneName: 'short' });
}
