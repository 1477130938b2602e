import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { CACHE_SCHEMA_VERSION } from '../core/cache-entry';
import type { MfaSessionEntry } from '../core/mfa-session-entry';
import type { MfaSessionRequest } from '../core/role-request';
import { checkNotExpired, completeCredentials, endpointOf, stsClient, toStsCallError } from './sts-client';

export interface SessionTokenInit {
  request: MfaSessionRequest;
  sourceCredentials: AwsCredentialIdentity;
  /** A 6-digit code, already checked for its form. */
  tokenCode: string;
  /** The role the session is for, only to word errors. */
  roleArn: string;
  now: () => number;
  timeoutMs: number;
}

/** Calls STS GetSessionToken with an MFA code: the source profile's credentials, now with MFA present. */
export async function getSessionToken(init: SessionTokenInit): Promise<MfaSessionEntry> {
  const { request, now } = init;
  const client = stsClient(request, init.sourceCredentials);
  const endpoint = endpointOf(request);
  try {
    const output = await client.send(
      new GetSessionTokenCommand({
        DurationSeconds: request.durationSeconds,
        SerialNumber: request.serialNumber,
        TokenCode: init.tokenCode,
      }),
      { abortSignal: AbortSignal.timeout(init.timeoutMs) },
    );
    const credentials = completeCredentials(output.Credentials, 'GetSessionToken', endpoint);
    const clockOffsetMs = client.config.systemClockOffset ?? 0;
    checkNotExpired(credentials, now(), clockOffsetMs, endpoint);
    return {
      schemaVersion: CACHE_SCHEMA_VERSION,
      kind: 'mfa-session',
      request,
      credentials,
      clockOffsetMs,
      fetchedAt: new Date(now()).toISOString(),
    };
  } catch (error) {
    throw toStsCallError(error, { roleArn: init.roleArn, sourceProfile: request.sourceProfile, endpoint, mfaSerial: request.serialNumber });
  } finally {
    client.destroy();
  }
}
