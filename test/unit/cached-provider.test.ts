import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheStore } from '../../src/cache/cache-store';
import { fromCache, withoutCache, type CacheInit } from '../../src/cache/cached-provider';
import { isAwaitingCode } from '../../src/cache/code-wait-marker';
import { tryLock } from '../../src/cache/lock';
import type { LockTimings } from '../../src/cache/lock-timings';
import { parseCacheEntry, type CacheEntry } from '../../src/core/cache-entry/cache-entry';
import { StsCallError } from '../../src/core/errors';
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
  const now = overrides.now ?? (() => clock);
  const init: CacheInit<CacheEntry> = {
    store,
    provider: async () => ({ entry: entryExpiringIn(60, now(), { accountId: String(++made) }) }),
    refreshWindowSeconds: 1200,
    now,
    lockTimings: SHORT,
    timeoutMs: 5_000,
    subject: 'arn:aws:iam::123456789012:role/Prod',
    warn: (message) => {
      throw new Error(`unexpected warning: ${message}`);
    },
    ...overrides,
  };
  return { init, store, made: () => made, advance: (ms: number) => (clock += ms) };
}

/**
 * Time that passes only while the code under test sleeps, with no real wait: the injected clock
 * moves, and the lock's mtime moves back by as much, which is how proper-lockfile (comparing a
 * lock's mtime with Date.now()) sees time pass. A holder that is alive touches its lock every
 * updateMs of that time, as proper-lockfile's own timer would.
 */
function simulatedTime(lockPath: string, holder: 'dead' | 'alive') {
  let clock = Date.now();
  let sinceTouch = 0;
  const sleep = async (ms: number) => {
    clock += ms;
    sinceTouch += ms;
    if (!existsSync(lockPath)) return;
    if (holder === 'alive' && sinceTouch >= SHORT.updateMs) {
      sinceTouch = 0;
      const now = new Date();
      utimesSync(lockPath, now, now);
      return;
    }
    const older = new Date(statSync(lockPath).mtimeMs - ms);
    utimesSync(lockPath, older, older);
  };
  return { now: () => clock, sleep };
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
    const { init, store } = setup();
    const time = simulatedTime(`${store.path}.lock`, 'dead');
    // As a holder killed with SIGKILL leaves it: fresh when it died, never touched again.
    mkdirSync(`${store.path}.lock`);
    const started = time.now();
    expect((await fromCache({ ...init, ...time, timeoutMs: 8_000 })()).status).toBe('fetched');
    // Waited for the lock to go stale (real time, a few ms here, ages it as well), then took it at once.
    expect(time.now() - started).toBeGreaterThan(SHORT.staleMs / 2);
    expect(time.now() - started).toBeLessThan(SHORT.staleMs + 1_000);
  });

  test('a holder that keeps its lock fresh past the injected stale time is waited for, never taken over', async () => {
    const { init, store, made } = setup();
    const time = simulatedTime(`${store.path}.lock`, 'alive');
    mkdirSync(`${store.path}.lock`);
    const started = time.now();
    // 3 s of waiting is past the 2 s stale time: only the holder's touches keep the lock its own.
    await expect(fromCache({ ...init, ...time, timeoutMs: 3_000 })()).rejects.toThrow(/timed out after 3s waiting for another sts-refresh/);
    expect(made()).toBe(0);
    expect(time.now() - started).toBeGreaterThan(3_000);
  });

  test('a real holder: a second taker is refused while it holds the lock, and gets it once released', async () => {
    const { store } = setup();
    const release = await tryLock(store.path, () => undefined, SHORT);
    expect(release).toBeDefined();
    expect(await tryLock(store.path, () => undefined, SHORT)).toBeUndefined();
    await release?.();
    const again = await tryLock(store.path, () => undefined, SHORT);
    expect(again).toBeDefined();
    await again?.();
  });
});

/** A provider that runs until `open` is called, and says when it has started (it then holds the lock). */
function gate() {
  let open: () => void = () => undefined;
  let started: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const running = new Promise<void>((resolve) => (started = resolve));
  return { opened, running, open: () => open(), started: () => started() };
}

describe('between processes (two fromCache over one directory)', () => {
  test('a refusal recorded by the holder is what its waiter fails with, and the file holds only its words', async () => {
    // One simulated clock for both, so the waiter's polls take no real time.
    const time = simulatedTime(join(dir, 'key.json.lock'), 'alive');
    const { init, store } = setup({ now: time.now, sleep: time.sleep });
    const g = gate();
    const holder = fromCache({
      ...init,
      provider: async () => {
        g.started();
        await g.opened;
        throw new StsCallError('alice may not assume Prod (AccessDenied)', 'fix the trust policy', false);
      },
    })();
    await g.running;
    let fetched = 0;
    const waiter = fromCache({
      ...init,
      provider: async () => (fetched++, init.provider({ markAwaitingCode: () => undefined })),
    })();
    g.open();
    // Both at once: the waiter may fail while the holder's rejection is still being awaited, and a
    // rejection nobody handles yet fails the test on its own.
    await Promise.all([
      expect(holder).rejects.toThrow('alice may not assume Prod (AccessDenied)'),
      expect(waiter).rejects.toThrow('alice may not assume Prod (AccessDenied)'),
    ]);
    expect(fetched).toBe(0);
    expect(JSON.parse(readFileSync(`${store.path}.refused`, 'utf8'))).toEqual({
      at: expect.stringMatching(/^\d{4}-/),
      message: 'alice may not assume Prod (AccessDenied)',
      hint: 'fix the trust policy',
    });
  });

  test.each<[string, boolean, RegExp]>([
    ['a renewal', false, /^waiting for another sts-refresh \(pid \d+\) to renew arn:aws:iam::123456789012:role\/Prod$/],
    [
      'an MFA prompt',
      true,
      /^waiting for another sts-refresh \(pid \d+\), which is waiting for an MFA code for arn:aws:iam::123456789012:role\/Prod$/,
    ],
  ])("a waiter says once that it waits for %s, with the holder's pid", async (_name, prompting, notice) => {
    // On one simulated clock (the holder keeps its lock fresh), so the 50 ms before the notice take none.
    const time = simulatedTime(join(dir, 'key.json.lock'), 'alive');
    const { init } = setup({ now: time.now, sleep: time.sleep, timeoutMs: 30_000 });
    const g = gate();
    const holder = fromCache({
      ...init,
      provider: async (held) => {
        if (prompting) held.markAwaitingCode();
        g.started();
        await g.opened;
        return init.provider(held);
      },
    })();
    await g.running;
    const warnings: string[] = [];
    // The notice is the event waited for: the holder is let go once it is said.
    const waiter = fromCache({ ...init, waitNoticeMs: 50, warn: (message) => (warnings.push(message), g.open()) })();
    const [held, waited] = await Promise.all([holder, waiter]);
    expect(waited.entry).toEqual(held.entry);
    expect(warnings).toEqual([expect.stringMatching(notice)]);
    expect(warnings[0]).toContain(`pid ${process.pid}`);
  });
});

test('withoutCache makes a new entry on every call and names no cache file', async () => {
  const { init } = setup();
  const uncached = withoutCache(init.provider);
  expect(await uncached()).toEqual({ entry: expect.objectContaining({ accountId: '1' }), status: 'uncached' });
  expect((await uncached()).entry.accountId).toBe('2');
});
