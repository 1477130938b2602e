import type { AwsCredentialIdentity } from '@smithy/types';
import { fromSourceProfile, type ProfileResolution, type SourceProfileInit } from '../../src/aws/source-profile';
import { StsRefreshError } from '../../src/core/errors';
import { fakeSts, SOURCE } from '../support/fake-sts';

const START = Date.parse('2026-11-25T09:00:00Z');

function setup(resolve: (r: ProfileResolution) => Promise<AwsCredentialIdentity>, overrides: Partial<SourceProfileInit> = {}) {
  const now = () => START;
  const { sts, calls } = fakeSts(now);
  const init: SourceProfileInit = {
    profile: 'hop',
    region: 'eu-west-1',
    files: { configFile: '/home/alice/.aws/config', credentialsFile: '/home/alice/.aws/credentials', config: '', credentials: '' },
    sts,
    env: { HOME: '/home/alice', STS_REFRESH_CHAIN: 'abc' },
    now,
    deadline: START + 5_000,
    timeoutMs: 5_000,
    resolve,
    ...overrides,
  };
  return { init, calls };
}

describe('fromSourceProfile', () => {
  test("passes the profile, region and child environment to the SDK's resolution and returns what it resolves", async () => {
    const seen: ProfileResolution[] = [];
    const { init } = setup(async (r) => (seen.push(r), SOURCE));
    await expect(fromSourceProfile(init)()).resolves.toBe(SOURCE);
    expect(seen[0]).toMatchObject({ profile: 'hop', region: 'eu-west-1', env: { STS_REFRESH_CHAIN: 'abc' } });
    expect(seen[0]?.signal.aborted).toBe(false);
  });

  test("a role-chain source's inner AssumeRole and a web-identity source's call go to our STS, bounded by the same signal", async () => {
    let resolution: ProfileResolution | undefined;
    const { init, calls } = setup(async (r) => {
      resolution = r;
      await r.roleAssumer(SOURCE, { RoleArn: 'arn:aws:iam::123456789012:role/Hop', RoleSessionName: 'x' });
      return r.roleAssumerWithWebIdentity({ RoleArn: 'arn:aws:iam::123456789012:role/Web', RoleSessionName: 'y', WebIdentityToken: 'jwt' });
    });
    const credentials = await fromSourceProfile(init)();
    expect(calls.map((c) => [c.action, c.input.RoleArn])).toEqual([
      ['AssumeRole', 'arn:aws:iam::123456789012:role/Hop'],
      ['AssumeRoleWithWebIdentity', 'arn:aws:iam::123456789012:role/Web'],
    ]);
    expect(calls.every((c) => c.signal === resolution?.signal)).toBe(true);
    expect(credentials).toEqual({
      accessKeyId: 'ASIAFAKE2',
      secretAccessKey: 'secret2',
      sessionToken: 'token2',
      expiration: new Date(START + 3600_000),
    });
  });

  /** A timer the test fires itself, recording the budget it was started with. */
  function manualTimer() {
    const budgets: number[] = [];
    let pending: (() => void) | undefined;
    return {
      budgets,
      startTimer: (onTimeout: () => void, ms: number) => {
        budgets.push(ms);
        pending = onTimeout;
        return () => (pending = undefined);
      },
      fire: () => pending?.(),
    };
  }

  test('a resolution that never answers ends at the deadline, naming the source profile, and its signal is aborted', async () => {
    let signal: AbortSignal | undefined;
    const timer = manualTimer();
    // Past the deadline already: the resolution still gets its one-second floor, then ends.
    const { init } = setup((r) => ((signal = r.signal), new Promise(() => undefined)), {
      deadline: START - 60_000,
      startTimer: timer.startTimer,
    });
    const failure = fromSourceProfile(init)();
    expect(timer.budgets).toEqual([1000]);
    expect(signal?.aborted).toBe(false);
    timer.fire();
    await expect(failure).rejects.toBeInstanceOf(StsRefreshError);
    await expect(failure).rejects.toThrow(/^source profile 'hop' did not answer within the 5s --timeout/);
    expect(signal?.aborted).toBe(true);
  });

  test('the budget is the time left to the deadline when that is more than the floor', async () => {
    const timer = manualTimer();
    const { init } = setup(async () => SOURCE, { deadline: START + 4_000, startTimer: timer.startTimer });
    await fromSourceProfile(init)();
    expect(timer.budgets).toEqual([4_000]);
  });

  test('an error after the deadline is still the timeout, not what the abort made of it', async () => {
    const timer = manualTimer();
    const { init } = setup(
      (r) => new Promise((_resolve, reject) => r.signal.addEventListener('abort', () => reject(new Error('Request aborted')))),
      { startTimer: timer.startTimer },
    );
    const failure = fromSourceProfile(init)();
    timer.fire();
    await expect(failure).rejects.toThrow(/did not answer/);
  });

  test.each<[string, string, RegExp]>([
    [
      'another sts-refresh says why itself',
      'Command failed: sts-refresh --role x\nsts-refresh: STS refused AssumeRole; check it\n',
      /: STS refused AssumeRole; check it$/,
    ],
    [
      'a missing profile',
      'Could not resolve credentials using profile: [hop] in configuration/credentials file(s).',
      /: the profile is missing or has no credentials$/,
    ],
    ['anything else, first line only', 'boom\nmore', /: boom$/],
  ])('a failure names the source profile: %s', async (_name, message, reason) => {
    const { init } = setup(async () => {
      throw new Error(message);
    });
    const failure = fromSourceProfile(init)();
    await expect(failure).rejects.toThrow(/^could not get credentials for source profile 'hop'/);
    await expect(failure).rejects.toThrow(reason);
  });
});
