import fc from 'fast-check';
import { parseCacheEntry } from '../../src/core/cache-entry/cache-entry';
import { entryForHit } from '../../src/core/cache-entry/hit-entry';
import { entryExpiringIn, REQUEST } from '../support/entries';

const NOW = Date.parse('2026-11-25T09:00:00Z');
const WINDOW = 20 * 60;
const good = entryExpiringIn(45, NOW);

describe('entryForHit', () => {
  test('a fresh entry for this request is a hit', () => {
    expect(entryForHit(JSON.parse(JSON.stringify(good)), REQUEST, NOW, WINDOW)).toEqual(good);
  });

  test.each<[string, unknown]>([
    ['inside the refresh window', entryExpiringIn(15, NOW)],
    ['expired', entryExpiringIn(-1, NOW)],
    ['a skewed clock, which the full path warns about', entryExpiringIn(45, NOW, { clockOffsetMs: 6 * 60_000 })],
    ['another role', { ...good, request: { ...REQUEST, roleArn: 'arn:aws:iam::123456789012:role/Other' } }],
    ['another schema version', { ...good, schemaVersion: 2 }],
    ['an empty secret', { ...good, credentials: { ...good.credentials, SecretAccessKey: '' } }],
    [
      'an expiration not written by sts-refresh',
      { ...good, credentials: { ...good.credentials, Expiration: '2026-11-25T09:45:00+00:00' } },
    ],
    ['no account', { ...good, accountId: undefined }],
    ['an array', [good]],
    ['null', null],
  ])('no hit: %s', (_name, data) => {
    expect(entryForHit(data, REQUEST, NOW, WINDOW)).toBeUndefined();
  });

  // The hit path skips zod, so it must never accept what the schema rejects: whatever it serves,
  // the full path would have served too.
  test('accepts nothing that the cache-entry schema rejects', () => {
    const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.object());
    const paths = [
      'schemaVersion',
      'accountId',
      'stsRegion',
      'assumedRoleArn',
      'mfaSerial',
      'mfaSessionExpiration',
      'chained',
      'clockOffsetMs',
      'fetchedAt',
      'request',
      'credentials',
      'request.roleArn',
      'request.durationSeconds',
      'request.region',
      'request.externalId',
      'credentials.AccessKeyId',
      'credentials.SessionToken',
      'credentials.Expiration',
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), anyValue), { maxLength: 3 }), (changes) => {
        const data = JSON.parse(JSON.stringify(good)) as Record<string, Record<string, unknown>>;
        for (const [path, value] of changes) {
          const [head, tail] = path.split('.') as [string, string | undefined];
          if (tail === undefined) (data as Record<string, unknown>)[head] = value;
          else if (typeof data[head] === 'object' && data[head] !== null) data[head][tail] = value;
        }
        const text = JSON.stringify(data);
        if (entryForHit(JSON.parse(text), REQUEST, NOW, WINDOW) !== undefined) expect(parseCacheEntry(text, REQUEST).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
