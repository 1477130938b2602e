import { STSClient, type Credentials } from '@aws-sdk/client-sts';
import { Readable } from 'node:stream';
import type { AwsCredentialIdentity, DeserializeMiddleware, MetadataBearer } from '@smithy/types';
import type { SessionCredentials } from '../core/cache-entry/cache-entry';
import { explainStsError, type StsErrorContext } from '../core/sts/sts-errors';
import { StsCallError } from '../core/errors';
import { hasControlChars } from '../core/text/control-chars';
import { stsUrl } from '../core/sts/sts-endpoint';

// Per-attempt limits; the SDK's standard retry mode (3 attempts, jittered backoff) works within them
// and the overall deadline caps the sum, so a dead network can never hang the AWS CLI behind us.
const CONNECT_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface StsTarget {
  region: string;
  endpoint?: string;
}

/** `credentials` undefined: an unsigned call (AssumeRoleWithWebIdentity). */
export function stsClient(target: StsTarget, credentials: AwsCredentialIdentity | undefined): STSClient {
  const client = new STSClient({
    region: target.region,
    ...(target.endpoint !== undefined && { endpoint: target.endpoint }),
    // sts-endpoint.ts has decided: a config file's endpoint_url, which the SDK would read from
    // AWS_PROFILE's or [default]'s section whatever profile the caller serves, must not move the
    // call away from the endpoint the cache key names.
    ignoreConfiguredEndpointUrls: true,
    ...(credentials !== undefined && { credentials }),
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  // Inside the deserializer (low priority in its step), so the body is bounded before it is parsed.
  client.middlewareStack.add(boundedAnswer(stsUrl(target)), { step: 'deserialize', priority: 'low', name: 'stsRefreshBoundedAnswer' });
  return client;
}

/** The credentials of an STS answer, or an error when any part is missing or malformed. */
export function completeCredentials(c: Credentials | undefined, action: string, endpoint: string): SessionCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(c.Expiration instanceof Date) || Number.isNaN(c.Expiration.getTime())) {
    throw new StsCallError(
      `STS at ${endpoint} answered ${action} without complete credentials`,
      'check --endpoint-url points at STS; retry later',
      false,
    );
  }
  const credentials = {
    AccessKeyId: c.AccessKeyId,
    SecretAccessKey: c.SecretAccessKey,
    SessionToken: c.SessionToken,
    Expiration: c.Expiration.toISOString(),
  };
  for (const field of ['AccessKeyId', 'SecretAccessKey', 'SessionToken'] as const)
    checkPrintable(credentials[field], field, action, endpoint);
  return credentials;
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

/** The assumed-role ARN of an AssumeRole answer, refused like a credential when it holds a control character. */
export function checkedAssumedRoleArn(arn: string | undefined, endpoint: string): string | undefined {
  if (arn !== undefined) checkPrintable(arn, 'AssumedRoleUser.Arn', 'AssumeRole', endpoint);
  return arn;
}

/** The message names the field, never its value: the value is a secret. */
function checkPrintable(value: string, field: string, action: string, endpoint: string): void {
  if (!hasControlChars(value)) return;
  throw new StsCallError(
    `STS at ${endpoint} sent a malformed answer to ${action}: its ${field} holds a control character; nothing was cached`,
    'check that --endpoint-url (or AWS_ENDPOINT_URL_STS) points at STS',
    false,
  );
}

// STS answers are a few kilobytes; a thousand times that is not STS, and reading on would only
// fill memory until the string overflowed (which was reported as STS refusing the role).
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** A middleware that reads the answer's body itself, up to MAX_ANSWER_BYTES, before the SDK parses it. */
function boundedAnswer(endpoint: string): DeserializeMiddleware<object, MetadataBearer> {
  return (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { body?: unknown; headers?: Record<string, string | undefined> };
    const tooLarge = () =>
      new StsCallError(
        `STS at ${endpoint} sent an answer larger than ${MAX_ANSWER_BYTES / 1024} KiB, which is not an STS answer`,
        'check that --endpoint-url (or AWS_ENDPOINT_URL_STS) points at STS',
        false,
      );
    if (Number(response.headers?.['content-length'] ?? 0) > MAX_ANSWER_BYTES) {
      (response.body as Readable | undefined)?.destroy?.();
      throw tooLarge();
    }
    if (response.body instanceof Readable) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          response.body.destroy();
          throw tooLarge();
        }
        chunks.push(chunk);
      }
      // The SDK's body collector takes a Uint8Array as it is.
      response.body = Buffer.concat(chunks);
    }
    return result;
  };
}
