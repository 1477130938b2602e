import { fromMfaSession, type MfaSessionInit } from '../../src/aws/mfa-session';
import { StsCallError } from '../../src/core/errors';
import { fakeSts, SOURCE } from '../support/fake-sts';

const START = Date.parse('2026-11-25T09:00:00Z');
const REQUEST = {
  sourceProfile: 'default',
  serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
  durationSeconds: 28800,
  region: 'us-east-1',
};

function setup(codes: string[], answer?: Parameters<typeof fakeSts>[1], interactive = true) {
  const now = () => START;
  const { sts, calls } = fakeSts(now, answer);
  const order: string[] = [];
  const init: MfaSessionInit = {
    request: REQUEST,
    sts,
    source: async () => (order.push('source'), SOURCE),
    codes: { ask: async () => (order.push('ask'), codes.shift() ?? ''), interactive },
    roleArn: 'arn:aws:iam::123456789012:role/Prod',
    now,
    timeoutMs: 5_000,
  };
  return { init, calls, order };
}

describe('fromMfaSession', () => {
  test('resolves the source first, asks once, and makes the session entry from GetSessionToken', async () => {
    const { init, calls, order } = setup(['123456\n']);
    const { entry } = await fromMfaSession(init)();
    expect(order).toEqual(['source', 'ask']);
    expect(calls).toEqual([
      expect.objectContaining({
        action: 'GetSessionToken',
        source: SOURCE,
        input: { DurationSeconds: 28800, SerialNumber: REQUEST.serialNumber, TokenCode: '123456' },
      }),
    ]);
    expect(entry).toMatchObject({
      kind: 'mfa-session',
      request: REQUEST,
      credentials: { AccessKeyId: 'ASIAFAKE1' },
      fetchedAt: new Date(START).toISOString(),
    });
  });

  test('a code STS refuses gets one more ask from a person, then the session', async () => {
    let tries = 0;
    const { init, calls } = setup(['111111', '123456'], () => {
      if (++tries === 1)
        throw Object.assign(new Error('MultiFactorAuthentication failed with invalid MFA one time pass code.'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      return {
        credentials: { AccessKeyId: 'ASIAOK', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(START + 3600_000) },
        clockOffsetMs: 0,
      };
    });
    const { entry } = await fromMfaSession(init)();
    expect(calls.map((c) => c.input.TokenCode)).toEqual(['111111', '123456']);
    expect(entry.credentials.AccessKeyId).toBe('ASIAOK');
  });

  test('a refused code from a command is final, as an StsCallError naming the device', async () => {
    const { init } = setup(
      ['111111', '123456'],
      () => {
        throw Object.assign(new Error('MultiFactorAuthentication failed with invalid MFA one time pass code.'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
      false,
    );
    const failure = fromMfaSession(init)();
    await expect(failure).rejects.toBeInstanceOf(StsCallError);
    await expect(failure).rejects.toThrow(/MFA/);
  });
});
