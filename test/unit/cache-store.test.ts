import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheStore } from '../../src/cache/cache-store';
import { parseCacheEntry } from '../../src/core/cache-entry/cache-entry';
import { entryExpiringIn, REQUEST } from '../support/entries';

// The store is IO at the edge; these tests use a real temporary directory, never the user's cache.
let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'sts-refresh-store-')), 'cache');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('CacheStore', () => {
  test('a missing entry reads as a miss', () => {
    expect(new CacheStore(dir, 'k', (text) => parseCacheEntry(text, REQUEST)).read()).toEqual({ ok: false, reason: 'missing' });
  });

  test('writes private files in a private directory and reads them back', () => {
    const store = new CacheStore(dir, 'k', (text) => parseCacheEntry(text, REQUEST));
    const entry = entryExpiringIn(30, Date.now());
    store.write(entry);
    expect(store.read()).toEqual({ ok: true, entry });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  test('replaces an entry by rename, never by rewriting it in place, and leaves no temp files', () => {
    const store = new CacheStore(dir, 'k', (text) => parseCacheEntry(text, REQUEST));
    store.write(entryExpiringIn(30, Date.now()));
    const before = statSync(store.path).ino;
    store.write(entryExpiringIn(50, Date.now()));
    expect(statSync(store.path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['k.json']);
  });

  test('an entry that cannot be parsed is a miss with a reason', () => {
    const store = new CacheStore(dir, 'k', (text) => parseCacheEntry(text, REQUEST));
    store.ensureDir();
    writeFileSync(store.path, '{"half":');
    expect(store.read()).toEqual({ ok: false, reason: 'not valid JSON' });
  });
});
