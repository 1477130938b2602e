import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { CACHE_SCHEMA_VERSION, type CacheEntry } from '../core/cache-entry';
import type { RoleRequest } from '../core/role-request';
import { explainStsError } from '../core/sts-errors';
import { StsCallError } from '../errors';

export interface AssumeRoleInit {
  request: RoleRequest;
  /** The resolved STS region (the request's or the source profile's). */
  region: string;
  sourceCredentials: AwsCredentialIdentity;
  now: () => number;
  /** The overall deadline for the call, retries included. */
  timeoutMs: number;
}

// Per-attempt limits; the SDK's standard retry mode (3 attempts, jittered backoff) works within them
// and the overall deadline caps the sum, so a dead network can never hang the AWS CLI behind us.
const CONNECT_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** Calls STS AssumeRole and returns the result as a cache entry, with STS's clock offset measured on the way. */
export async function assumeRole({ request, region, sourceCredentials, now, timeoutMs }: AssumeRoleInit): Promise<CacheEntry> {
  const client = new STSClient({
    region,
    ...(request.endpoint !== undefined && { endpoint: request.endpoint }),
    credentials: sourceCredentials,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  const endpoint = request.endpoint ?? `https://sts.${region}.amazonaws.com`;
  const context = { roleArn: request.roleArn, sourceProfile: request.sourceProfile, endpoint };
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
    const c = output.Credentials;
    if (
      !c?.AccessKeyId ||
      !c.SecretAccessKey ||
      !c.SessionToken ||
      !(c.Expiration instanceof Date) ||
      Number.isNaN(c.Expiration.getTime())
    ) {
      throw new StsCallError(
        `STS at ${endpoint} answered AssumeRole without complete credentials`,
        'check --endpoint-url points at STS; retry later',
        false,
      );
    }
    // The SDK sets this from the response's Date header on every successful call.
    const clockOffsetMs = client.config.systemClockOffset ?? 0;
    const entry: CacheEntry = {
      schemaVersion: CACHE_SCHEMA_VERSION,
      request,
      credentials: {
        AccessKeyId: c.AccessKeyId,
        SecretAccessKey: c.SecretAccessKey,
        SessionToken: c.SessionToken,
        Expiration: c.Expiration.toISOString(),
      },
      stsRegion: region,
      accountId: accountIdOf(output.AssumedRoleUser?.Arn) ?? accountIdOf(request.roleArn) ?? '',
      ...(output.AssumedRoleUser?.Arn !== undefined && { assumedRoleArn: output.AssumedRoleUser.Arn }),
      clockOffsetMs,
      fetchedAt: new Date(now()).toISOString(),
    };
    if (c.Expiration.getTime() <= now() + clockOffsetMs) {
      throw new StsCallError(
        `STS at ${endpoint} returned credentials that have already expired (${entry.credentials.Expiration})`,
        "check this machine's clock and --endpoint-url",
        false,
      );
    }
    return entry;
  } catch (error) {
    if (error instanceof StsCallError) throw error;
    const failure = explainStsError(error, context);
    throw new StsCallError(failure.message, failure.hint, failure.outage, { cause: error });
  } finally {
    client.destroy();
  }
}

/** arn:PARTITION:SERVICE::ACCOUNT:... has the account in its fifth field. */
function accountIdOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
