import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetSessionTokenCommand,
  type AssumeRoleCommandInput,
  type AssumeRoleWithWebIdentityCommandInput,
  type Credentials,
  type GetSessionTokenCommandInput,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { stsUrl } from '../core/sts/sts-endpoint';
import { stsClient, type StsTarget } from './sts-client';

/** An STS answer as the providers need it: the credentials, who they are, and STS's clock offset. */
export interface StsAnswer {
  credentials?: Credentials;
  assumedRoleArn?: string;
  /** STS's clock minus ours, from the answer's Date header. */
  clockOffsetMs: number;
}

/**
 * The STS calls sts-refresh makes, all to one endpoint: the providers receive this (a fake in
 * tests) in the way the SDK's fromIni receives a roleAssumer. Each call is bounded by its signal.
 */
export interface Sts {
  /** Where the calls go, for messages. */
  readonly endpoint: string;
  assumeRole(source: AwsCredentialIdentity, input: AssumeRoleCommandInput, signal: AbortSignal): Promise<StsAnswer>;
  getSessionToken(source: AwsCredentialIdentity, input: GetSessionTokenCommandInput, signal: AbortSignal): Promise<StsAnswer>;
  /** Unsigned: the web identity token is the credential. */
  assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityCommandInput, signal: AbortSignal): Promise<StsAnswer>;
}

/** The real STS at the request's endpoint (--endpoint-url, else the region's). */
export function stsAt(target: StsTarget): Sts {
  const call = async <T extends { Credentials?: Credentials; AssumedRoleUser?: { Arn?: string } }>(
    credentials: AwsCredentialIdentity | undefined,
    send: (client: ReturnType<typeof stsClient>) => Promise<T>,
  ): Promise<StsAnswer> => {
    const client = stsClient(target, credentials);
    try {
      const output = await send(client);
      return {
        ...(output.Credentials !== undefined && { credentials: output.Credentials }),
        ...(output.AssumedRoleUser?.Arn !== undefined && { assumedRoleArn: output.AssumedRoleUser.Arn }),
        // The SDK sets this from the response's Date header on every successful call.
        clockOffsetMs: client.config.systemClockOffset ?? 0,
      };
    } finally {
      client.destroy();
    }
  };
  return {
    endpoint: stsUrl(target),
    assumeRole: (source, input, signal) => call(source, (c) => c.send(new AssumeRoleCommand(input), { abortSignal: signal })),
    getSessionToken: (source, input, signal) => call(source, (c) => c.send(new GetSessionTokenCommand(input), { abortSignal: signal })),
    assumeRoleWithWebIdentity: (input, signal) =>
      call(undefined, (c) => c.send(new AssumeRoleWithWebIdentityCommand(input), { abortSignal: signal })),
  };
}
