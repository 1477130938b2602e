import { STSClient, type Credentials } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { SessionCredentials } from '../core/cache-entry';
import { explainStsError, type StsErrorContext } from '../core/sts-errors';
import { StsCallError } from '../errors';

// Per-attempt limits; the SDK's standard retry mode (3 attempts, jittered backoff) works within them
// and the overall deadline caps the sum, so a dead network can never hang the AWS CLI behind us.
const CONNECT_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface StsTarget {
  region: string;
  endpoint?: string;
}

export function stsClient(target: StsTarget, credentials: AwsCredentialIdentity): STSClient {
  return new STSClient({
    region: target.region,
    ...(target.endpoint !== undefined && { endpoint: target.endpoint }),
    credentials,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
}

export function endpointOf(target: StsTarget): string {
  return target.endpoint ?? `https://sts.${target.region}.amazonaws.com`;
}

/** The credentials of an STS answer, or an error when any part is missing. */
export function completeCredentials(c: Credentials | undefined, action: string, endpoint: string): SessionCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(c.Expiration instanceof Date) || Number.isNaN(c.Expiration.getTime())) {
    throw new StsCallError(
      `STS at ${endpoint} answered ${action} without complete credentials`,
      'check --endpoint-url points at STS; retry later',
      false,
    );
  }
  return {
    AccessKeyId: c.AccessKeyId,
    SecretAccessKey: c.SecretAccessKey,
    SessionToken: c.SessionToken,
    Expiration: c.Expiration.toISOString(),
  };
}

/** Refuses credentials that are already over by STS's own clock: they would fail the caller's first request. */
export function checkNotExpired(credentials: SessionCredentials, nowMs: number, clockOffsetMs: number, endpoint: string): void {
  if (Date.parse(credentials.Expiration) <= nowMs + clockOffsetMs) {
    throw new StsCallError(
      `STS at ${endpoint} returned credentials that have already expired (${credentials.Expiration})`,
      "check this machine's clock and --endpoint-url",
      false,
    );
  }
}

/** Our own errors pass through; anything the SDK threw is put into plain words. */
export function toStsCallError(error: unknown, context: StsErrorContext): StsCallError {
  if (error instanceof StsCallError) return error;
  const failure = explainStsError(error, context);
  return new StsCallError(failure.message, failure.hint, failure.outage, { cause: error }, failure.mfaRejected ?? false);
}
