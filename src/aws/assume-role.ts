import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { CACHE_SCHEMA_VERSION, type CacheEntry } from '../core/cache-entry';
import type { RoleRequest } from '../core/role-request';
import { checkedAssumedRoleArn, checkNotExpired, completeCredentials, endpointOf, stsClient, toStsCallError } from './sts-client';

export interface AssumeRoleInit {
  request: RoleRequest;
  /** The settled STS region: the request's, else the source profile's, else us-east-1. */
  region: string;
  /** The source profile's credentials, or the MFA session made from them. */
  sourceCredentials: AwsCredentialIdentity;
  now: () => number;
  /** The overall deadline for the call, retries included. */
  timeoutMs: number;
}

/**
 * Calls STS AssumeRole and returns the result as a cache entry, with STS's clock offset measured on
 * the way. No SerialNumber is sent: with MFA, the source credentials are already an MFA session.
 */
export async function assumeRole({ request, region, sourceCredentials, now, timeoutMs }: AssumeRoleInit): Promise<CacheEntry> {
  const target = { region, ...(request.endpoint !== undefined && { endpoint: request.endpoint }) };
  const client = stsClient(target, sourceCredentials);
  const endpoint = endpointOf(target);
  try {
    const output = await client.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds,
        ...(request.externalId !== undefined && { ExternalId: request.externalId }),
      }),
      { abortSignal: AbortSignal.timeout(timeoutMs) },
    );
    const credentials = completeCredentials(output.Credentials, 'AssumeRole', endpoint);
    const assumedRoleArn = checkedAssumedRoleArn(output.AssumedRoleUser?.Arn, endpoint);
    // The SDK sets this from the response's Date header on every successful call.
    const clockOffsetMs = client.config.systemClockOffset ?? 0;
    checkNotExpired(credentials, now(), clockOffsetMs, endpoint);
    return {
      schemaVersion: CACHE_SCHEMA_VERSION,
      request,
      credentials,
      stsRegion: region,
      accountId: accountIdOf(assumedRoleArn) ?? accountIdOf(request.roleArn) ?? '',
      ...(assumedRoleArn !== undefined && { assumedRoleArn }),
      clockOffsetMs,
      fetchedAt: new Date(now()).toISOString(),
    };
  } catch (error) {
    throw toStsCallError(error, { roleArn: request.roleArn, sourceProfile: request.sourceProfile, endpoint });
  } finally {
    client.destroy();
  }
}

/** arn:PARTITION:SERVICE::ACCOUNT:... has the account in its fifth field. */
function accountIdOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
