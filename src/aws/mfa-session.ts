import type { AwsCredentialIdentity } from '@smithy/types';
import type { Made } from '../cache/cached-credentials';
import { CACHE_SCHEMA_VERSION } from '../core/cache-entry/cache-entry';
import type { MfaSessionEntry } from '../core/cache-entry/mfa-session-entry';
import type { MfaSessionRequest } from '../core/request/role-request';
import { withMfaCode, type AskCode } from '../mfa/code-attempts';
import type { Sts } from './sts';
import { checkNotExpired, completeCredentials, toStsCallError } from './sts-client';

export interface MfaSessionInit {
  request: MfaSessionRequest;
  sts: Sts;
  /** The source profile's own credentials, which GetSessionToken turns into a session with MFA. */
  source: () => Promise<AwsCredentialIdentity>;
  /** Where codes come from (mfa-code-source.ts); it calls its own hook before it asks. */
  codes: { ask: AskCode; interactive: boolean };
  /** The role the session is for, only to word errors. */
  roleArn: string;
  now: () => number;
  /** The GetSessionToken call's own limit, counted from when the code is there. */
  timeoutMs: number;
}

/** The MFA session provider: GetSessionToken with a code, the source profile's credentials now with MFA present. */
export function fromMfaSession(init: MfaSessionInit): () => Promise<Made<MfaSessionEntry>> {
  const { request, sts, now } = init;
  return async () => {
    const credentials = await init.source();
    return withMfaCode({
      ...init.codes,
      call: async (tokenCode) => {
        try {
          const answer = await sts.getSessionToken(
            credentials,
            { DurationSeconds: request.durationSeconds, SerialNumber: request.serialNumber, TokenCode: tokenCode },
            AbortSignal.timeout(init.timeoutMs),
          );
          const session = completeCredentials(answer.credentials, 'GetSessionToken', sts.endpoint);
          checkNotExpired(session, now(), answer.clockOffsetMs, sts.endpoint);
          const entry: MfaSessionEntry = {
            schemaVersion: CACHE_SCHEMA_VERSION,
            kind: 'mfa-session',
            request,
            credentials: session,
            clockOffsetMs: answer.clockOffsetMs,
            fetchedAt: new Date(now()).toISOString(),
          };
          return { entry };
        } catch (error) {
          throw toStsCallError(error, {
            roleArn: init.roleArn,
            sourceProfile: request.sourceProfile,
            endpoint: sts.endpoint,
            mfaSerial: request.serialNumber,
          });
        }
      },
    });
  };
}
