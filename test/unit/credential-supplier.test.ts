import type { CacheEntry } from '../../src/core/cache-entry/cache-entry';
import { credentialSupplier } from '../../src/server/credential-supplier';
import { entryExpiringIn } from '../support/entries';

const WINDOW = 20 * 60;
const outage = Object.assign(new Error('STS unreachable'), { outage: true });
const refused = new Error('AccessDenied');

interface Timer {
  ms: number;
  run: () => void;
  cancelled: boolean;
}

/**
 * A supplier over a fake clock, fake timers and a fake obtain whose answers the test releases by
 * hand. Sessions last an hour: the window is 20 minutes and the floor 10.
 */
function setup(initialMinutes: number | undefined) {
  const start = Date.parse('2026-11-25T09:00:00Z');
  let now = start;
  const pending: Array<{ resolve: (e: CacheEntry) => void; reject: (e: unknown) => void }> = [];
  const warnings: string[] = [];
  const timers: Timer[] = [];
  let renewalsEnded = 0;
  const initial = initialMinutes === undefined ? undefined : entryExpiringIn(initialMinutes, now);
  const supplier = credentialSupplier({
    afterRenewal: () => void renewalsEnded++,
    obtain: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
    now: () => now,
    windowSeconds: WINDOW,
    isOutage: (e) => (e as { outage?: boolean }).outage === true,
    warn: (m) => warnings.push(m),
    schedule: (ms, run) => {
      const timer = { ms, run, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
    ...(initial && { initial }),
  });
  return {
    supply: supplier.supply,
    stop: supplier.stop,
    initial,
    pending,
    warnings,
    advanceMinutes: (m: number) => void (now += m * 60_000),
    fresh: (minutes = 60) => entryExpiringIn(minutes, now),
    renewalsEnded: () => renewalsEnded,
    /** Timers still set, by what they wait for: 'wait' (a request's 1 s) or 'early' (the early renewal). */
    live: (kind: 'wait' | 'early') => timers.filter((t) => !t.cancelled && (kind === 'wait' ? t.ms === 1000 : t.ms !== 1000)),
    fire: (kind: 'wait' | 'early') => {
      const due = timers.filter((t) => !t.cancelled && (kind === 'wait' ? t.ms === 1000 : t.ms !== 1000));
      for (const t of due) {
        t.cancelled = true;
        t.run();
      }
      return due.length;
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));
const key = (e: CacheEntry) => e.credentials.Expiration;

describe('credentialSupplier', () => {
  test('a fresh entry is answered from memory, with no obtain', async () => {
    const t = setup(60);
    await t.supply();
    await t.supply();
    expect(t.pending).toHaveLength(0);
    expect(t.renewalsEnded()).toBe(0);
  });

  test('inside the window and above the floor: the held keys at once, and one renewal for every request', async () => {
    const t = setup(60);
    t.advanceMinutes(45);
    const answers = await Promise.all(Array.from({ length: 64 }, () => t.supply()));
    expect(new Set(answers)).toEqual(new Set([t.initial]));
    expect(t.pending).toHaveLength(1);
    const renewed = t.fresh();
    t.pending[0]?.resolve(renewed);
    await flush();
    expect(await t.supply()).toBe(renewed);
    expect(t.pending).toHaveLength(1);
    expect(t.renewalsEnded()).toBe(1);
  });

  test('a renewal that hangs: held keys above the floor; below it a request waits 1 s and is told why', async () => {
    const t = setup(60);
    t.advanceMinutes(45);
    expect(await t.supply()).toBe(t.initial);
    t.advanceMinutes(5.5);
    const waiting = t.supply();
    await flush();
    expect(t.live('wait')).toHaveLength(1);
    t.fire('wait');
    await expect(waiting).rejects.toThrow(/still being renewed .*MFA code is awaited/);
    // Still one renewal, which goes on; once it ends, its keys are held.
    expect(t.pending).toHaveLength(1);
    const renewed = t.fresh();
    t.pending[0]?.resolve(renewed);
    await flush();
    expect(await t.supply()).toBe(renewed);
    expect(t.warnings).toEqual([]);
  });

  test('below the floor, a renewal that ends within the wait answers every waiting request', async () => {
    const t = setup(8);
    const answers = Promise.all([t.supply(), t.supply(), t.supply()]);
    await flush();
    expect(t.pending).toHaveLength(1);
    const renewed = t.fresh();
    t.pending[0]?.resolve(renewed);
    expect(new Set(await answers)).toEqual(new Set([renewed]));
    expect(t.live('wait')).toHaveLength(0);
  });

  test('with nothing held, a request waits for the renewal too', async () => {
    const t = setup(undefined);
    const answer = t.supply();
    await flush();
    expect(t.pending).toHaveLength(1);
    t.pending[0]?.resolve(t.fresh());
    expect(key(await answer)).toBe(key(t.fresh()));
  });

  test('a refused renewal keeps the held keys above the floor, and the next request tries again; one warning per kind of failure', async () => {
    const t = setup(60);
    t.advanceMinutes(45);
    await t.supply();
    t.pending[0]?.reject(refused);
    await flush();
    expect(await t.supply()).toBe(t.initial);
    expect(t.pending).toHaveLength(2);
    expect(await t.supply()).toBe(t.initial);
    // Never two at once.
    expect(t.pending).toHaveLength(2);
    t.pending[1]?.reject(refused);
    await flush();
    expect(t.warnings).toEqual([expect.stringMatching(/^could not renew the credentials for the command: unexpected error: AccessDenied/)]);
    // STS is back: the next renewal replaces the keys.
    await t.supply();
    const renewed = t.fresh();
    t.pending[2]?.resolve(renewed);
    await flush();
    expect(await t.supply()).toBe(renewed);
    expect(t.renewalsEnded()).toBe(3);
  });

  test.each([
    ['an outage with under a minute left', 0.5, outage],
    ['a refusal below the floor', 8, refused],
  ])('%s fails every waiting request, warning once', async (_what, minutes, error) => {
    const t = setup(minutes);
    const answers = [t.supply(), t.supply(), t.supply()];
    await flush();
    t.pending[0]?.reject(error);
    for (const a of answers) await expect(a).rejects.toBe(error);
    expect(t.warnings).toEqual([expect.stringMatching(/^could not renew the credentials for the command: /)]);
    // A later request starts a new attempt.
    void t.supply().catch(() => undefined);
    await flush();
    expect(t.pending).toHaveLength(2);
  });

  test('an outage below the floor serves what is held while it has more than a minute left, with a warning', async () => {
    const t = setup(8);
    const held = t.supply();
    await flush();
    t.pending[0]?.reject(outage);
    expect(await held).toBe(t.initial);
    expect(t.warnings).toEqual([expect.stringMatching(/STS unreachable; serving the credentials held/)]);
    // The next request asks again rather than settling for the held entry.
    void t.supply();
    await flush();
    expect(t.pending).toHaveLength(2);
  });

  test('keys the command was given are renewed as soon as they enter their window, without a request', async () => {
    const t = setup(60);
    await t.supply();
    expect(t.live('early').map((timer) => timer.ms)).toEqual([40 * 60_000]);
    t.advanceMinutes(40);
    t.fire('early');
    expect(t.pending).toHaveLength(1);
    // A request during that renewal gets the held keys and starts nothing more.
    expect(await t.supply()).toBe(t.initial);
    expect(t.pending).toHaveLength(1);
    const renewed = t.fresh();
    t.pending[0]?.resolve(renewed);
    await flush();
    // The new keys are not handed out yet, so nothing is scheduled for them.
    expect(t.live('early')).toHaveLength(0);
    await t.supply();
    expect(t.live('early')).toHaveLength(1);
  });

  test('keys never handed out are renewed only when asked for, and nothing starts once stopped', async () => {
    const t = setup(60);
    expect(t.live('early')).toHaveLength(0);
    await t.supply();
    t.stop();
    expect(t.live('early')).toHaveLength(0);
  });

  test('afterRenewal runs once per renewal, whether it succeeded or failed, and never for an answer from memory', async () => {
    const t = setup(8);
    const shared = Promise.all([t.supply(), t.supply()]);
    await flush();
    expect(t.renewalsEnded()).toBe(0);
    t.pending[0]?.resolve(t.fresh(8));
    await shared;
    expect(t.renewalsEnded()).toBe(1);
    const failed = t.supply();
    await flush();
    t.pending[1]?.reject(refused);
    await expect(failed).rejects.toBe(refused);
    expect(t.renewalsEnded()).toBe(2);
  });
});
