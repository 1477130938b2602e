import type { AwsCredentialIdentity } from '@smithy/types';
import type { Sts, StsAnswer } from '../../src/aws/sts';

export interface FakeCall {
  action: 'AssumeRole' | 'GetSessionToken' | 'AssumeRoleWithWebIdentity';
  source?: AwsCredentialIdentity;
  input: Record<string, unknown>;
  signal: AbortSignal;
}

/**
 * An in-memory STS for provider unit tests: records every call and answers with credentials that
 * expire `lifetimeMs` after the fake clock's now, or with what `answer` returns or throws.
 */
export function fakeSts(now: () => number, answer?: (call: FakeCall) => Promise<StsAnswer> | StsAnswer) {
  const calls: FakeCall[] = [];
  let issued = 0;
  const respond = async (call: FakeCall): Promise<StsAnswer> => {
    calls.push(call);
    if (answer) return answer(call);
    issued++;
    return {
      credentials: {
        AccessKeyId: `ASIAFAKE${issued}`,
        SecretAccessKey: `secret${issued}`,
        SessionToken: `token${issued}`,
        Expiration: new Date(now() + 3600_000),
      },
      ...(call.action === 'AssumeRole' && {
        assumedRoleArn: `arn:aws:sts::210987654321:assumed-role/Prod/${String(call.input.RoleSessionName)}`,
      }),
      clockOffsetMs: 0,
    };
  };
  const sts: Sts = {
    endpoint: 'https://sts.fake.example',
    assumeRole: (source, input, signal) => respond({ action: 'AssumeRole', source, input: { ...input }, signal }),
    getSessionToken: (source, input, signal) => respond({ action: 'GetSessionToken', source, input: { ...input }, signal }),
    assumeRoleWithWebIdentity: (input, signal) => respond({ action: 'AssumeRoleWithWebIdentity', input: { ...input }, signal }),
  };
  return { sts, calls };
}

export const SOURCE: AwsCredentialIdentity = { accessKeyId: 'AKIASOURCE', secretAccessKey: 'source-secret' };
