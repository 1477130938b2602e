import { CACHE_SCHEMA_VERSION, type CacheEntry } from '../../src/core/cache-entry/cache-entry';
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
