import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheStore } from '../../src/cache/cache-store';
import { isAwaitingCode, markAwaitingCode } from '../../src/cache/code-wait-marker';
import { lockedCache } from '../../src/cache/locked-cache';
import { parseCacheEntry, type CacheEntry } from '../../src/core/cache-entry';
import type { ResolvedOptions } from '../../src/core/role-request';
import { entryExpiringIn, REQUEST } from '../support/entries';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sts-refresh-locked-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store that records, at each write, whether the entry was still marked as waiting for a code. */
class WatchedStore extends CacheStore {
  markedAtWrite: boolean[] = [];
  override write(entry: CacheEntry): void {
    this.markedAtWrite.push(isAwaitingCode(this.path));
    super.write(entry);
  }
}

describe('lockedCache and the waiting-for-a-code mark', () => {
  test('a mark made by the holder lasts until its entry is written, and goes with the lock', async () => {
    const store = new WatchedStore(dir, 'key', (text) => parseCacheEntry(text, REQUEST));
    const fetch = async () => {
      markAwaitingCode(store.path);
      return entryExpiringIn(60, Date.now());
    };
    const options: ResolvedOptions = { request: REQUEST, mfa: {}, cache: { dir, refreshWindowSeconds: 1200 }, timeoutSeconds: 5 };
    const result = await lockedCache(store, options, fetch, { now: Date.now, warn: () => undefined });
    expect(result.status).toBe('fetched');
    // Waiters past their deadline keep waiting only while the mark is there: had it gone before the
    // write, they could see neither mark nor entry and give up a moment before the answer.
    expect(store.markedAtWrite).toEqual([true]);
    expect(isAwaitingCode(store.path)).toBe(false);
  });
});
