import type { AwsCredentialIdentity } from '@smithy/types';
import type { Made, Provided } from '../cache/cached-credentials';
import { CACHE_SCHEMA_VERSION, type CacheEntry } from '../core/cache-entry/cache-entry';
import type { MfaSessionEntry } from '../core/cache-entry/mfa-session-entry';
import type { RoleRequest } from '../core/request/role-request';
import type { Sts } from './sts';
import { checkedAssumedRoleArn, checkNotExpired, completeCredentials, toStsCallError } from './sts-client';

/** The credentials a role is assumed with, and what they came from. */
export interface SourceCredentials {
  credentials: AwsCredentialIdentity;
  /** Set when they are an MFA session's. */
  mfaSession?: Provided<MfaSessionEntry>;
  /** A person was asked for a code on the way: that time was not STS's, so the AssumeRole gets a full --timeout. */
  waitedForPerson?: boolean;
}

export interface AssumeRoleInit {
  request: RoleRequest;
  /** The settled STS region: the request's, else the source profile's, else us-east-1. */
  region: string;
  sts: Sts;
  /** The source profile's credentials, or the MFA session made from them. */
  source: () => Promise<SourceCredentials>;
  now: () => number;
  /** When this call's --timeout runs out, retries included. */
  deadline: number;
  timeoutMs: number;
  /** A signal that aborts after this many ms; tests record the budget with it. */
  abortAfter?: (ms: number) => AbortSignal;
}

// Even a call that spent its --timeout waiting for a lock gets this long for its own STS call.
const MIN_CALL_MS = 1000;

/**
 * The AssumeRole provider: the role's credentials as a cache entry, with STS's clock offset
 * measured on the way. No SerialNumber is sent: with MFA, the source credentials are already an
 * MFA session.
 */
export function fromAssumeRole(init: AssumeRoleInit): () => Promise<Made<CacheEntry>> {
  const { request, region, sts, now } = init;
  return async () => {
    const source = await init.source();
    const deadline = source.waitedForPerson ? now() + init.timeoutMs : init.deadline;
    try {
      const answer = await sts.assumeRole(
        source.credentials,
        {
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          DurationSeconds: request.durationSeconds,
          ...(request.externalId !== undefined && { ExternalId: request.externalId }),
        },
        (init.abortAfter ?? AbortSignal.timeout)(Math.max(MIN_CALL_MS, deadline - now())),
      );
      const credentials = completeCredentials(answer.credentials, 'AssumeRole', sts.endpoint);
      const assumedRoleArn = checkedAssumedRoleArn(answer.assumedRoleArn, sts.endpoint);
      checkNotExpired(credentials, now(), answer.clockOffsetMs, sts.endpoint);
      const session = source.mfaSession;
      const entry: CacheEntry = {
        schemaVersion: CACHE_SCHEMA_VERSION,
        request,
        credentials,
        stsRegion: region,
        accountId: accountIdOf(assumedRoleArn) ?? accountIdOf(request.roleArn) ?? '',
        ...(assumedRoleArn !== undefined && { assumedRoleArn }),
        ...(session !== undefined && {
          mfaSerial: session.entry.request.serialNumber,
          mfaSessionExpiration: session.entry.credentials.Expiration,
        }),
        chained: Boolean(source.credentials.sessionToken),
        clockOffsetMs: answer.clockOffsetMs,
        fetchedAt: new Date(now()).toISOString(),
      };
      return { entry, ...(session !== undefined && { madeFrom: session }) };
    } catch (error) {
      throw toStsCallError(error, { roleArn: request.roleArn, sourceProfile: request.sourceProfile, endpoint: sts.endpoint });
    }
  };
}

/** arn:PARTITION:SERVICE::ACCOUNT:... has the account in its fifth field. */
function accountIdOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
