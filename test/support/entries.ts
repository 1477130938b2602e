import { CACHE_SCHEMA_VERSION, type CacheEntry } from '../../src/core/cache-entry/cache-entry';
import type { MfaSessionEntry } from '../../src/core/cache-entry/mfa-session-entry';
import type { RoleRequest } from '../../src/core/request/role-request';

export const REQUEST: RoleRequest = {
  roleArn: 'arn:aws:iam::123456789012:role/Prod',
  sourceProfile: 'default',
  sessionName: 'sts-refresh-alice',
  durationSeconds: 3600,
  region: 'us-east-1',
};

/** A cache entry expiring `minutesLeft` minutes after `nowMs`. */
export function entryExpiringIn(minutesLeft: number, nowMs: number, overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    schemaVersion: CACHE_SCHEMA_VERSION,
    request: REQUEST,
    credentials: {
      AccessKeyId: 'ASIAEXAMPLE000000001',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(nowMs + minutesLeft * 60_000).toISOString(),
    },
    accountId: '123456789012',
    stsRegion: 'us-east-1',
    clockOffsetMs: 0,
    fetchedAt: new Date(nowMs).toISOString(),
    ...overrides,
  };
}

/** An MFA session entry of `sourceProfile`, expiring `hoursLeft` hours after `nowMs`. */
export function mfaSessionExpiringIn(hoursLeft: number, nowMs: number, sourceProfile = 'user1'): MfaSessionEntry {
  return {
    schemaVersion: CACHE_SCHEMA_VERSION,
    kind: 'mfa-session',
    request: { sourceProfile, serialNumber: 'arn:aws:iam::123456789012:mfa/alice', durationSeconds: 28800, region: 'eu-west-1' },
    credentials: {
      AccessKeyId: 'ASIAX',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(nowMs + hoursLeft * 3600_000).toISOString(),
    },
    clockOffsetMs: 0,
    fetchedAt: new Date(nowMs).toISOString(),
  };
}
