import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheStore } from '../../src/cache/cache-store';
import { fromCache, withoutCache, type CacheInit } from '../../src/cache/cached-provider';
import { isAwaitingCode } from '../../src/cache/code-wait-marker';
import { tryLock } from '../../src/cache/lock';
import type { LockTimings } from '../../src/cache/lock-timings';
import { parseCacheEntry, type CacheEntry } from '../../src/core/cache-entry/cache-entry';
import { entryExpiringIn, REQUEST } from '../support/entries';

// proper-lockfile's floor: a lock is stale after 2 s at the least, touched every second at the most.
const SHORT: LockTimings = { staleMs: 2_000, updateMs: 1_000 };
const START = Date.parse('2026-11-25T09:00:00Z');

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sts-refresh-cached-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store that records, at each write, whether the entry was still marked as waiting for a code. */
class WatchedStore extends CacheStore {
  markedAtWrite: boolean[] = [];
  override write(entry: CacheEntry): void {
    this.markedAtWrite.push(isAwaitingCode(this.path));
    super.write(entry);
  }
}

function setup(overrides: Partial<CacheInit<CacheEntry>> = {}) {
  let clock = START;
  const store = new WatchedStore(dir, 'key', (text) => parseCacheEntry(text, REQUEST));
  let made = 0;
  const init: CacheInit<CacheEntry> = {
    store,
    provider: async () => ({ entry: entryExpiringIn(60, clock, { accountId: String(++made) }) }),
    refreshWindowSeconds: 1200,
    now: () => clock,
    lockTimings: SHORT,
    timeoutMs: 5_000,
    warn: (message) => {
      throw new Error(`unexpected warning: ${message}`);
    },
    ...overrides,
  };
  return { init, store, made: () => made, advance: (ms: number) => (clock += ms) };
}

describe('fromCache', () => {
  test('makes an entry once, serves it while fresh, and renews it inside the refresh window (by the injected clock)', async () => {
    const { init, made, advance, store } = setup();
    const cached = fromCache(init);
    expect(await cached()).toMatchObject({ status: 'fetched', cachePath: store.path, entry: { accountId: '1' } });
    advance(30 * 60_000);
    expect(await cached()).toMatchObject({ status: 'hit', entry: { accountId: '1' } });
    advance(15 * 60_000);
    expect(await cached()).toMatchObject({ status: 'refreshed', entry: { accountId: '2' } });
    expect(made()).toBe(2);
  });

  test('a mark made through the held lock lasts until the entry is written, and goes with the lock', async () => {
    const { init, store } = setup();
    const provider = init.provider;
    const result = await fromCache({ ...init, provider: async (held) => (held.markAwaitingCode(), provider(held)) })();
    expect(result.status).toBe('fetched');
    // Waiters past their deadline keep waiting only while the mark is there: had it gone before the
    // write, they could see neither mark nor entry and give up a moment before the answer.
    expect(store.markedAtWrite).toEqual([true]);
    expect(isAwaitingCode(store.path)).toBe(false);
  });

  test('a lock left by a crashed holder (old mtime) is taken over at once', async () => {
    const { init, store } = setup({ now: Date.now });
    mkdirSync(`${store.path}.lock`);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(`${store.path}.lock`, minuteAgo, minuteAgo);
    expect((await fromCache(init)()).status).toBe('fetched');
  });

  test('a lock nobody touches is taken over after the injected stale time, well inside --timeout', async () => {
    const { init, store } = setup({ now: Date.now, timeoutMs: 8_000 });
    // As a holder killed with SIGKILL leaves it: fresh when it died, never touched again.
    mkdirSync(`${store.path}.lock`);
    expect((await fromCache(init)()).status).toBe('fetched');
  });

  test('a holder that keeps its lock fresh past the injected stale time is waited for, never taken over', async () => {
    const { init, store, made } = setup({ now: Date.now, timeoutMs: 3_000 });
    const release = await tryLock(store.path, () => undefined, SHORT);
    try {
      // 3 s of waiting is past the 2 s stale time: only the holder's touches keep the lock its own.
      await expect(fromCache(init)()).rejects.toThrow(/timed out after 3s waiting for another sts-refresh/);
      expect(made()).toBe(0);
    } finally {
      await release?.();
    }
  });
});

test('withoutCache makes a new entry on every call and names no cache file', async () => {
  const { init } = setup();
  const uncached = withoutCache(init.provider);
  expect(await uncached()).toEqual({ entry: expect.objectContaining({ accountId: '1' }), status: 'uncached' });
  expect((await uncached()).entry.accountId).toBe('2');
});
