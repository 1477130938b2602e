import { cacheKey, mfaSessionKey } from '../../src/core/cache-entry/cache-key';
import type { MfaSessionRequest, RoleRequest } from '../../src/core/request/role-request';

const base: RoleRequest = {
  roleArn: 'arn:aws:iam::123456789012:role/Prod',
  sourceProfile: 'default',
  sessionName: 'sts-refresh-alice',
  durationSeconds: 3600,
  region: 'us-east-1',
};

describe('cacheKey', () => {
  test('is stable and file-name safe', () => {
    expect(cacheKey(base)).toBe(cacheKey({ ...base }));
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{32}$/);
  });

  test('stays the same from release to release', () => {
    // A different value here orphans every cached entry: change it only together with KEY_VERSION.
    expect(cacheKey(base)).toBe('080ed129e73a7dd82ead2f616e251113');
  });

  test('tells apart requests that differ only in non-ASCII characters', () => {
    expect(cacheKey({ ...base, sessionName: 'caf\u00e9' })).not.toBe(cacheKey({ ...base, sessionName: 'cafe\u0301' }));
  });

  test.each<[string, Partial<RoleRequest>]>([
    ['role', { roleArn: 'arn:aws:iam::123456789012:role/Dev' }],
    ['source profile', { sourceProfile: 'user1' }],
    ['session name', { sessionName: 'other' }],
    ['duration', { durationSeconds: 7200 }],
    ['external id', { externalId: 'abc' }],
    ['region', { region: 'eu-west-1' }],
    ['endpoint', { endpoint: 'http://127.0.0.1:4566' }],
    ['MFA serial', { mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' }],
  ])('differs when the %s differs', (_field, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });

  test('fields cannot bleed into each other', () => {
    expect(cacheKey({ ...base, sourceProfile: 'a', sessionName: 'b,c' })).not.toBe(
      cacheKey({ ...base, sourceProfile: 'a,b', sessionName: 'c' }),
    );
  });
});

describe('mfaSessionKey', () => {
  const session: MfaSessionRequest = {
    sourceProfile: 'default',
    serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
    durationSeconds: 28800,
    region: 'us-east-1',
  };

  test.each<[string, Partial<MfaSessionRequest>]>([
    ['source profile', { sourceProfile: 'user1' }],
    ['serial', { serialNumber: 'arn:aws:iam::123456789012:mfa/bob' }],
    ['duration', { durationSeconds: 3600 }],
    ['region', { region: 'eu-west-1' }],
    ['endpoint', { endpoint: 'http://127.0.0.1:4566' }],
  ])('differs when the %s differs', (_field, change) => {
    expect(mfaSessionKey({ ...session, ...change })).not.toBe(mfaSessionKey(session));
  });

  test('never equals a role key', () => {
    expect(mfaSessionKey(session)).toMatch(/^[0-9a-f]{32}$/);
    expect(mfaSessionKey(session)).not.toBe(cacheKey({ ...base, mfaSerial: session.serialNumber }));
  });
});
