import { fromAssumeRole, type AssumeRoleInit } from '../../src/aws/assume-role';
import type { Provided } from '../../src/cache/cached-credentials';
import { CACHE_SCHEMA_VERSION } from '../../src/core/cache-entry/cache-entry';
import type { MfaSessionEntry } from '../../src/core/cache-entry/mfa-session-entry';
import { StsCallError } from '../../src/core/errors';
import { fakeSts, SOURCE } from '../support/fake-sts';
import { REQUEST } from '../support/entries';

const START = Date.parse('2026-11-25T09:00:00Z');

function setup(overrides: Partial<AssumeRoleInit> = {}, answer?: Parameters<typeof fakeSts>[1]) {
  let clock = START;
  const now = () => clock;
  const { sts, calls } = fakeSts(now, answer);
  const budgets: number[] = [];
  const init: AssumeRoleInit = {
    request: { ...REQUEST, externalId: 'ext-1' },
    region: 'eu-west-1',
    sts,
    source: async () => ({ credentials: SOURCE }),
    now,
    deadline: START + 30_000,
    timeoutMs: 30_000,
    abortAfter: (ms) => (budgets.push(ms), new AbortController().signal),
    ...overrides,
  };
  return { init, calls, budgets, advance: (ms: number) => (clock += ms) };
}

describe('fromAssumeRole', () => {
  test('calls AssumeRole with the source credentials and makes the cache entry', async () => {
    const { init, calls } = setup();
    const { entry, madeFrom } = await fromAssumeRole(init)();
    expect(calls).toEqual([
      expect.objectContaining({
        action: 'AssumeRole',
        source: SOURCE,
        input: { RoleArn: REQUEST.roleArn, RoleSessionName: REQUEST.sessionName, DurationSeconds: 3600, ExternalId: 'ext-1' },
      }),
    ]);
    expect(entry).toMatchObject({
      request: { ...REQUEST, externalId: 'ext-1' },
      credentials: { AccessKeyId: 'ASIAFAKE1', Expiration: new Date(START + 3600_000).toISOString() },
      stsRegion: 'eu-west-1',
      accountId: '210987654321',
      assumedRoleArn: 'arn:aws:sts::210987654321:assumed-role/Prod/sts-refresh-alice',
      fetchedAt: new Date(START).toISOString(),
      chained: false,
    });
    expect(entry.mfaSerial).toBeUndefined();
    expect(madeFrom).toBeUndefined();
  });

  test('the STS call gets what is left of the deadline, and at least a second after a long lock wait', async () => {
    const first = setup();
    first.advance(12_000);
    await fromAssumeRole(first.init)();
    const late = setup();
    late.advance(60_000);
    await fromAssumeRole(late.init)();
    expect([...first.budgets, ...late.budgets]).toEqual([18_000, 1000]);
  });

  test('a source that waited for a person gives the call a full --timeout from then', async () => {
    const { init, budgets, advance } = setup();
    await fromAssumeRole({
      ...init,
      source: async () => {
        advance(90_000);
        return { credentials: SOURCE, waitedForPerson: true };
      },
    })();
    expect(budgets).toEqual([30_000]);
  });

  test('through an MFA session: the entry records the device and session expiry, and says what it was made from', async () => {
    const session: Provided<MfaSessionEntry> = {
      entry: {
        schemaVersion: CACHE_SCHEMA_VERSION,
        kind: 'mfa-session',
        request: {
          sourceProfile: 'default',
          serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
          durationSeconds: 28800,
          region: 'eu-west-1',
        },
        credentials: { AccessKeyId: 'ASIASESSION', SecretAccessKey: 's', SessionToken: 't', Expiration: '2026-11-25T17:00:00.000Z' },
        clockOffsetMs: 0,
        fetchedAt: '2026-11-25T09:00:00.000Z',
      },
      status: 'hit',
      cachePath: '/cache/session.json',
    };
    const { init } = setup({ source: async () => ({ credentials: SOURCE, mfaSession: session }) });
    const made = await fromAssumeRole(init)();
    const { init: withToken } = setup({
      source: async () => ({ credentials: { ...SOURCE, sessionToken: 't' }, mfaSession: session }),
    });
    const chainedEntry = (await fromAssumeRole(withToken)()).entry;
    expect(chainedEntry).toMatchObject({
      mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
      mfaSessionExpiration: '2026-11-25T17:00:00.000Z',
      chained: true,
    });
    expect(made.madeFrom).toBe(session);
  });

  test.each<[string, Parameters<typeof fakeSts>[1], RegExp]>([
    ['an answer without credentials', () => ({ clockOffsetMs: 0 }), /answered AssumeRole without complete credentials/],
    [
      'credentials already expired by STS clock',
      () => ({
        credentials: { AccessKeyId: 'A', SecretAccessKey: 'S', SessionToken: 'T', Expiration: new Date(START + 60_000) },
        clockOffsetMs: 120_000,
      }),
      /already expired/,
    ],
    [
      'an SDK error, in plain words',
      () => {
        throw Object.assign(new Error('User: x is not authorized to perform: sts:AssumeRole'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
      /may not assume arn:aws:iam::123456789012:role\/Prod/,
    ],
  ])('%s is an StsCallError', async (_name, answer, message) => {
    const { init } = setup({}, answer);
    const failure = fromAssumeRole(init)();
    await expect(failure).rejects.toBeInstanceOf(StsCallError);
    await expect(failure).rejects.toThrow(message);
  });
});
