import type { CacheEntry } from '../../src/core/cache-entry/cache-entry';
import { credentialSupplier } from '../../src/server/credential-supplier';
import { entryExpiringIn } from '../support/entries';

const WINDOW = 20 * 60;
const outage = Object.assign(new Error('STS unreachable'), { outage: true });
const refused = new Error('AccessDenied');

/** A supplier over a fake clock and a fake obtain whose answers the test releases by hand. */
function setup(initialMinutes: number | undefined) {
  let now = Date.parse('2026-11-25T09:00:00Z');
  const pending: Array<{ resolve: (e: CacheEntry) => void; reject: (e: unknown) => void }> = [];
  const warnings: string[] = [];
  let renewalsEnded = 0;
  const supply = credentialSupplier({
    afterRenewal: () => void renewalsEnded++,
    obtain: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
    now: () => now,
    windowSeconds: WINDOW,
    isOutage: (e) => (e as { outage?: boolean }).outage === true,
    warn: (m) => warnings.push(m),
    ...(initialMinutes !== undefined && { initial: entryExpiringIn(initialMinutes, now) }),
  });
  return {
    supply,
    pending,
    warnings,
    advanceMinutes: (m: number) => void (now += m * 60_000),
    fresh: () => entryExpiringIn(60, now),
    renewalsEnded: () => renewalsEnded,
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('credentialSupplier', () => {
  test('afterRenewal runs once per renewal, whether it succeeded or failed, and never for an answer from memory', async () => {
    const t = setup(60);
    await t.supply();
    expect(t.renewalsEnded()).toBe(0);
    t.advanceMinutes(41);
    const shared = Promise.all([t.supply(), t.supply()]);
    await flush();
    expect(t.renewalsEnded()).toBe(0);
    t.pending[0]?.resolve(t.fresh());
    await shared;
    expect(t.renewalsEnded()).toBe(1);
    t.advanceMinutes(41);
    const failed = t.supply();
    await flush();
    t.pending[1]?.reject(refused);
    await expect(failed).rejects.toBe(refused);
    expect(t.renewalsEnded()).toBe(2);
  });

  test('a fresh entry is answered from memory, with no obtain', async () => {
    const t = setup(60);
    await t.supply();
    await t.supply();
    expect(t.pending).toHaveLength(0);
  });

  test('requests for a due entry share one obtain, and its entry is held afterwards', async () => {
    const t = setup(60);
    t.advanceMinutes(41);
    const answers = Promise.all(Array.from({ length: 64 }, () => t.supply()));
    await flush();
    expect(t.pending).toHaveLength(1);
    const renewed = t.fresh();
    t.pending[0]?.resolve(renewed);
    expect(new Set(await answers)).toEqual(new Set([renewed]));
    await t.supply();
    expect(t.pending).toHaveLength(1);
  });

  test('never hands out an entry inside its window without asking first, nor one with nothing at all', async () => {
    for (const initial of [undefined, 10]) {
      const t = setup(initial);
      void t.supply();
      await flush();
      expect(t.pending).toHaveLength(1);
    }
  });

  test('an outage serves what is held while it has more than a minute left, with a warning', async () => {
    const t = setup(10);
    const held = t.supply();
    await flush();
    t.pending[0]?.reject(outage);
    expect((await held).credentials.Expiration).toBe(entryExpiringIn(10, Date.parse('2026-11-25T09:00:00Z')).credentials.Expiration);
    expect(t.warnings).toEqual([expect.stringMatching(/STS unreachable; serving the credentials held/)]);
    // The next request asks again rather than settling for the held entry.
    void t.supply();
    await flush();
    expect(t.pending).toHaveLength(2);
  });

  test.each([
    ['an outage with under a minute left', 0.5, outage],
    ['a refusal, however much is left', 10, refused],
  ])('%s fails every waiting request, warning once', async (_what, minutes, error) => {
    const t = setup(minutes);
    const answers = [t.supply(), t.supply(), t.supply()];
    await flush();
    t.pending[0]?.reject(error);
    for (const a of answers) await expect(a).rejects.toBe(error);
    expect(t.warnings).toEqual([expect.stringMatching(/^could not renew the credentials for the command: /)]);
    // A later request starts a new attempt.
    void t.supply();
    await flush();
    expect(t.pending).toHaveLength(2);
  });
});
