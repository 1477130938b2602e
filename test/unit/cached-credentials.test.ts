import { cachedCredentials, type CachedCredentialsInit, type RecordedRefusal } from '../../src/cache/cached-credentials';
import type { ReadResult } from '../../src/cache/cache-store';
import type { CacheEntry } from '../../src/core/cache-entry/cache-entry';
import { isRefusal, StsCallError } from '../../src/core/errors';
import { entryExpiringIn } from '../support/entries';

const NOW = Date.parse('2026-11-25T09:00:00Z');

/** An in-memory cache and lock with a controllable clock, standing in for the disk and other processes. */
function harness(initial?: CacheEntry, overrides: Partial<CachedCredentialsInit> = {}) {
  let stored: CacheEntry | undefined = initial;
  let clock = NOW;
  const state = {
    fetches: 0,
    writes: 0,
    warnings: [] as string[],
    lockHeld: false,
    releases: 0,
    refusal: undefined as RecordedRefusal | undefined,
  };
  const init: CachedCredentialsInit = {
    windowSeconds: 1200,
    now: () => clock,
    read: (): ReadResult => (stored ? { ok: true, entry: stored } : { ok: false, reason: 'missing' }),
    write: (entry) => {
      state.writes++;
      stored = entry;
    },
    tryLock: async () => {
      if (state.lockHeld) return undefined;
      state.lockHeld = true;
      return async () => {
        state.lockHeld = false;
        state.releases++;
      };
    },
    fetch: async () => {
      state.fetches++;
      return {
        entry: entryExpiringIn(60, clock, {
          credentials: { ...entryExpiringIn(60, clock).credentials, AccessKeyId: `ASIAFETCHED${state.fetches}` },
        }),
      };
    },
    sleep: async (ms) => {
      clock += ms;
    },
    lockWaitMs: 5000,
    holderWaitsForPerson: async () => false,
    maxLockWaitMs: 5000,
    isOutage: (error) => error instanceof StsCallError && error.outage,
    warn: (message) => state.warnings.push(message),
    lockTimeout: () => new Error('lock timeout'),
    refusalOf: (error) => (isRefusal(error) ? { message: error.message, hint: error.hint ?? '' } : undefined),
    refusals: {
      read: () => state.refusal,
      record: (refusal) => (state.refusal = refusal),
      clear: () => (state.refusal = undefined),
    },
    refusalMs: 5000,
    waitNoticeMs: 5000,
    waitNotice: () => 'waiting for another process',
    ...overrides,
  };
  return { init, state, stored: () => stored, setClock: (ms: number) => (clock = ms) };
}

describe('cachedCredentials', () => {
  test('a fresh entry is a hit: no lock, no fetch, no write', async () => {
    const h = harness(entryExpiringIn(45, NOW));
    const result = await cachedCredentials(h.init);
    expect(result.status).toBe('hit');
    expect(h.state).toMatchObject({ fetches: 0, writes: 0, releases: 0 });
  });

  test('no entry: fetched once, written, lock released', async () => {
    const h = harness();
    const result = await cachedCredentials(h.init);
    expect(result.status).toBe('fetched');
    expect(h.state).toMatchObject({ fetches: 1, writes: 1, releases: 1, lockHeld: false });
    expect(h.stored()?.credentials.AccessKeyId).toBe('ASIAFETCHED1');
  });

  test('an entry inside the refresh window is refreshed', async () => {
    const h = harness(entryExpiringIn(19, NOW));
    expect((await cachedCredentials(h.init)).status).toBe('refreshed');
    expect(h.state.fetches).toBe(1);
  });

  test('while another process holds the lock, a waiter picks up what it writes', async () => {
    const h = harness(entryExpiringIn(5, NOW));
    h.state.lockHeld = true;
    let polls = 0;
    const fresh = entryExpiringIn(60, NOW, { credentials: { ...entryExpiringIn(60, NOW).credentials, AccessKeyId: 'ASIAOTHERPROCESS' } });
    const read = h.init.read;
    h.init.read = () => (++polls >= 3 ? { ok: true, entry: fresh } : read());
    const result = await cachedCredentials(h.init);
    expect(result).toMatchObject({ status: 'hit', entry: { credentials: { AccessKeyId: 'ASIAOTHERPROCESS' } } });
    expect(h.state.fetches).toBe(0);
  });

  test('the lock holder checks again before fetching', async () => {
    const h = harness(entryExpiringIn(5, NOW));
    const fresh = entryExpiringIn(60, NOW);
    let reads = 0;
    h.init.read = () => (++reads === 1 ? { ok: true, entry: entryExpiringIn(5, NOW) } : { ok: true, entry: fresh });
    expect((await cachedCredentials(h.init)).status).toBe('hit');
    expect(h.state.fetches).toBe(0);
  });

  test('a lock that never frees ends in the timeout error, not a hang', async () => {
    const h = harness(undefined, { lockWaitMs: 1000 });
    h.state.lockHeld = true;
    await expect(cachedCredentials(h.init)).rejects.toThrow('lock timeout');
  });

  test('past the lock wait, a waiter keeps waiting while the holder keeps its lock fresh (a person typing an MFA code)', async () => {
    const h = harness(undefined, { lockWaitMs: 1000, maxLockWaitMs: 600_000 });
    h.state.lockHeld = true;
    let checks = 0;
    h.init.holderWaitsForPerson = async () => ++checks > 0;
    const fresh = entryExpiringIn(60, NOW + 120_000);
    // The holder writes its entry two minutes in, long after the 1 s lock wait.
    h.init.read = () => (h.init.now() - NOW > 120_000 ? { ok: true, entry: fresh } : { ok: false, reason: 'missing' });
    const result = await cachedCredentials(h.init);
    expect(result).toEqual({ entry: fresh, status: 'hit' });
    expect(checks).toBeGreaterThan(0);
    expect(h.state.fetches).toBe(0);
  });

  test('a holder that stays alive forever still ends in the timeout error at maxLockWaitMs', async () => {
    const h = harness(undefined, { lockWaitMs: 1000, maxLockWaitMs: 60_000 });
    h.state.lockHeld = true;
    h.init.holderWaitsForPerson = async () => true;
    await expect(cachedCredentials(h.init)).rejects.toThrow('lock timeout');
    expect(h.init.now() - NOW).toBeGreaterThanOrEqual(60_000);
    expect(h.init.now() - NOW).toBeLessThan(61_000);
  });

  test('an outage with unexpired cached credentials serves them with a warning', async () => {
    const h = harness(entryExpiringIn(10, NOW), {
      fetch: async () => {
        throw new StsCallError('could not reach STS', 'check the network', true);
      },
    });
    const result = await cachedCredentials(h.init);
    expect(result.status).toBe('stale');
    expect(h.state.warnings).toEqual([expect.stringMatching(/could not reach STS.*serving the cached credentials/)]);
  });

  test.each<[string, number, boolean]>([
    ['a non-outage error is never papered over', 10, false],
    ['an outage with expired credentials fails', -1, true],
  ])('%s', async (_name, minutesLeft, outage) => {
    const h = harness(entryExpiringIn(minutesLeft, NOW), {
      fetch: async () => {
        throw new StsCallError('boom', 'hint', outage);
      },
    });
    await expect(cachedCredentials(h.init)).rejects.toThrow('boom');
    expect(h.state.lockHeld).toBe(false);
  });

  test('an unwritable cache still returns the credentials, with one warning', async () => {
    const h = harness(undefined, {
      write: () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
    });
    const result = await cachedCredentials(h.init);
    expect(result.status).toBe('uncached');
    expect(h.state.warnings).toHaveLength(1);
    expect(h.state.warnings[0]).toMatch(/EACCES/);
  });

  test('no lock possible at all: fetch without it, with one warning', async () => {
    const h = harness(undefined, {
      tryLock: async () => {
        throw Object.assign(new Error('read-only'), { code: 'EROFS' });
      },
    });
    expect((await cachedCredentials(h.init)).status).toBe('uncached');
    expect(h.state.warnings).toEqual([expect.stringMatching(/EROFS/)]);
  });

  describe('a refusal is single flight too', () => {
    const denied = () => new StsCallError('alice may not assume Prod (AccessDenied)', 'fix the trust policy', false);

    test('the holder records a refusal before it releases the lock, and fails with it', async () => {
      let recordedWhileLocked: boolean | undefined;
      const h = harness(undefined, {
        fetch: async () => {
          throw denied();
        },
      });
      const record = h.init.refusals.record;
      h.init.refusals.record = (refusal) => ((recordedWhileLocked = h.state.lockHeld), record(refusal));
      await expect(cachedCredentials(h.init)).rejects.toThrow('alice may not assume Prod (AccessDenied)');
      expect(h.state.refusal).toEqual({ message: 'alice may not assume Prod (AccessDenied)', hint: 'fix the trust policy', at: NOW });
      expect(recordedWhileLocked).toBe(true);
    });

    test('a waiter fails with the refusal its holder recorded, however long it waited, and never fetches', async () => {
      const h = harness(undefined, { lockWaitMs: 600_000, maxLockWaitMs: 600_000 });
      h.state.lockHeld = true;
      const read = h.init.refusals.read;
      // The holder is refused two minutes in, long past the refusal's few seconds for newcomers.
      h.init.refusals.read = () => (h.init.now() - NOW > 120_000 ? { message: 'denied', hint: 'fix it', at: NOW + 120_000 } : read());
      await expect(cachedCredentials(h.init)).rejects.toThrow(/^denied$/);
      expect(h.state.fetches).toBe(0);
    });

    test.each<[string, number, boolean]>([
      ['a refusal recorded moments before this call answers it too, without a fetch', -2_000, true],
      ['one older than refusalMs does not: the next try asks STS again', -5_000, false],
      ['one dated in the future (the clock was set back) answers nobody', 60_000, false],
    ])('%s', async (_name, recordedAt, honoured) => {
      const h = harness();
      h.state.refusal = { message: 'denied', at: NOW + recordedAt };
      if (honoured) {
        await expect(cachedCredentials(h.init)).rejects.toThrow('denied');
        expect(h.state.fetches).toBe(0);
      } else {
        expect((await cachedCredentials(h.init)).status).toBe('fetched');
        // A success clears it: the request works now.
        expect(h.state.refusal).toBeUndefined();
      }
    });

    test.each<[string, StsCallError]>([
      ['an outage', new StsCallError('STS is throttling requests', 'wait', true)],
      ['a refused MFA code (one person typing)', new StsCallError('STS refused the MFA code', 'try again', false, undefined, true)],
    ])('%s is not recorded', async (_name, error) => {
      const h = harness(undefined, {
        fetch: async () => {
          throw error;
        },
      });
      await expect(cachedCredentials(h.init)).rejects.toThrow(error.message);
      expect(h.state.refusal).toBeUndefined();
    });

    test('a holder that fails with a recorded refusal does not record it again (which would keep it for ever)', async () => {
      const h = harness();
      h.state.refusal = { message: 'denied', at: NOW - 1_000 };
      const record = jest.fn();
      h.init.refusals.record = record;
      await expect(cachedCredentials(h.init)).rejects.toThrow('denied');
      expect(record).not.toHaveBeenCalled();
    });
  });

  describe('saying why a caller waits', () => {
    test('past waitNoticeMs, one notice, once, however long the wait goes on', async () => {
      const h = harness(undefined, { lockWaitMs: 60_000, maxLockWaitMs: 60_000, waitNoticeMs: 5_000 });
      h.state.lockHeld = true;
      const fresh = entryExpiringIn(60, NOW + 30_000);
      h.init.read = () => (h.init.now() - NOW > 30_000 ? { ok: true, entry: fresh } : { ok: false, reason: 'missing' });
      let noticedAt: number | undefined;
      h.init.waitNotice = () => ((noticedAt ??= h.init.now()), 'waiting for another sts-refresh (pid 42) to renew Prod');
      expect((await cachedCredentials(h.init)).status).toBe('hit');
      expect(h.state.warnings).toEqual(['waiting for another sts-refresh (pid 42) to renew Prod']);
      expect((noticedAt ?? 0) - NOW).toBeGreaterThanOrEqual(5_000);
      expect((noticedAt ?? 0) - NOW).toBeLessThan(5_200);
    });

    test('a wait shorter than waitNoticeMs says nothing', async () => {
      const h = harness(entryExpiringIn(5, NOW), { waitNoticeMs: 5_000 });
      h.state.lockHeld = true;
      const fresh = entryExpiringIn(60, NOW);
      h.init.read = () => (h.init.now() - NOW > 1_000 ? { ok: true, entry: fresh } : { ok: true, entry: entryExpiringIn(5, NOW) });
      expect((await cachedCredentials(h.init)).status).toBe('hit');
      expect(h.state.warnings).toEqual([]);
    });
  });
});
