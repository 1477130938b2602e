import { parseCacheEntry } from '../../src/core/cache-entry/cache-entry';
import { entryExpiringIn, REQUEST } from '../support/entries';

const NOW = Date.parse('2026-11-25T09:00:00Z');
const good = entryExpiringIn(30, NOW);

describe('parseCacheEntry', () => {
  test('reads back what was written', () => {
    expect(parseCacheEntry(JSON.stringify(good), REQUEST)).toEqual({ ok: true, entry: good });
  });

  test.each<[string, string]>([
    ['empty file', ''],
    ['truncated JSON', JSON.stringify(good).slice(0, 40)],
    ['binary junk', '\u0000\u00ff\u0001garbage'],
    ['wrong shape', JSON.stringify({ hello: 'world' })],
    ['an array', '[]'],
    ['future schema version', JSON.stringify({ ...good, schemaVersion: 2 })],
    ['missing secret', JSON.stringify({ ...good, credentials: { ...good.credentials, SecretAccessKey: '' } })],
    ['bad expiration', JSON.stringify({ ...good, credentials: { ...good.credentials, Expiration: 'tomorrow' } })],
    ['another role', JSON.stringify({ ...good, request: { ...REQUEST, roleArn: 'arn:aws:iam::123456789012:role/Other' } })],
    ['another external id', JSON.stringify({ ...good, request: { ...REQUEST, externalId: 'x' } })],
  ])('%s is a miss with a reason, not a crash', (_name, text) => {
    const result = parseCacheEntry(text, REQUEST);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/\w/);
  });
});
