import { cacheKey, mfaSessionKey } from '../../src/core/cache-entry/cache-key';
import { parseCacheEntry } from '../../src/core/cache-entry/cache-entry';
import { entryForHit } from '../../src/core/cache-entry/hit-entry';
import { parseMfaSessionEntry } from '../../src/core/cache-entry/mfa-session-entry';
import { MFA_SESSION_FIELDS, ROLE_REQUEST_FIELDS, type FieldSpec, type MfaSessionRequest } from '../../src/core/request/request-fields';
import { storedRequestSchema } from '../../src/core/request/request-schema';
import { sameRequest } from '../../src/core/request/role-request';
import { entryExpiringIn, REQUEST } from '../support/entries';

// Every case below is made from the tables themselves, so a field added there is covered here
// without a line of this file changing.
const NOW = Date.parse('2026-11-25T09:00:00Z');
const other = (spec: FieldSpec, value: unknown): unknown =>
  spec.kind === 'seconds' ? Number(value ?? 0) + 1 : `${String(value ?? '')}-other`;
const wrongType = (spec: FieldSpec): unknown => (spec.kind === 'seconds' ? '3600' : 7);

describe.each(Object.entries(ROLE_REQUEST_FIELDS))('role request field %s', (name, spec) => {
  const changed = { ...REQUEST, [name]: other(spec, (REQUEST as Record<string, unknown>)[name]) };

  test('changes the cache key', () => expect(cacheKey(changed)).not.toBe(cacheKey(REQUEST)));
  test('makes the requests different', () => expect(sameRequest(changed, REQUEST)).toBe(false));

  test('keeps an entry written for the other value from being served, on the hit path and the full path', () => {
    const text = JSON.stringify(entryExpiringIn(45, NOW, { request: changed }));
    expect(entryForHit(JSON.parse(text), REQUEST, NOW, 1200)).toBeUndefined();
    expect(parseCacheEntry(text, REQUEST)).toEqual({ ok: false, reason: 'written for another request' });
  });

  test('is checked for its type by the stored schema', () => {
    const schema = storedRequestSchema(ROLE_REQUEST_FIELDS);
    expect(schema.safeParse(REQUEST).success).toBe(true);
    expect(schema.safeParse({ ...REQUEST, [name]: wrongType(spec) }).success).toBe(false);
  });
});

describe.each(Object.entries(MFA_SESSION_FIELDS))('MFA session field %s', (name, spec) => {
  const session: MfaSessionRequest = {
    sourceProfile: 'default',
    serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
    durationSeconds: 28800,
    region: 'us-east-1',
  };
  const changed = { ...session, [name]: other(spec, (session as Record<string, unknown>)[name]) };

  test('changes the key and keeps the other session from being served', () => {
    expect(mfaSessionKey(changed)).not.toBe(mfaSessionKey(session));
    const entry = { ...entryExpiringIn(45, NOW), kind: 'mfa-session', request: changed };
    expect(parseMfaSessionEntry(JSON.stringify(entry), session)).toEqual({ ok: false, reason: 'written for another MFA session' });
    expect(parseMfaSessionEntry(JSON.stringify({ ...entry, request: session }), session).ok).toBe(true);
  });
});

test('fields the table does not know are ignored, as zod ignores them', () => {
  expect(sameRequest({ ...REQUEST, comment: 'x' }, REQUEST)).toBe(true);
});
