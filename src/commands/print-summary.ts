import { effectiveWindowSeconds, remainingMs } from '../core/cache-entry/refresh-policy';
import type { ObtainResult } from '../providers/obtain-credentials';

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
    ...mfaRows(result, nowMs),
    ['clock offset', `${offset >= 0 ? '+' : ''}${offset.toFixed(1)} s (STS minus this machine)`],
    ['access key id', entry.credentials.AccessKeyId],
    ['secret key', 'hidden (print --json shows it)'],
    ['session token', 'hidden (print --json shows it)'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return `${rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n')}\n`;
}

const MFA_STATUS_TEXT: Record<ObtainResult['status'], string> = {
  hit: 'used (cached MFA session; no code asked)',
  fetched: 'created (asked for a code; GetSessionToken)',
  refreshed: 'created (the cached session was inside its refresh window; asked for a code)',
  stale: 'used (STS unreachable; cached MFA session, which has not expired)',
  uncached: 'created, not cached (asked for a code)',
};

function mfaRows(result: ObtainResult, nowMs: number): Array<[string, string]> {
  const { entry, mfaSession } = result;
  const device = entry.mfaSerial ?? entry.request.mfaSerial;
  if (device === undefined) return [];
  const rows: Array<[string, string]> = [['mfa device', device]];
  if (mfaSession !== undefined) {
    rows.push(['mfa session', MFA_STATUS_TEXT[mfaSession.status]], ['mfa expires', expiryText(mfaSession.expiration, nowMs)]);
  } else {
    rows.push(['mfa session', 'not needed (the role credentials came from the cache)']);
    if (entry.mfaSessionExpiration !== undefined) rows.push(['mfa expires', expiryText(entry.mfaSessionExpiration, nowMs)]);
  }
  return rows;
}

function expiryText(expiration: string, nowMs: number): string {
  const date = new Date(expiration);
  return `${date.toISOString()} UTC, ${localTime(date)} local, ${Math.floor((date.getTime() - nowMs) / 60_000)} min left`;
}

function localTime(date: Date): string {
  return date.toLocaleString('sv-SE', { timeZoneName: 'short' });
}
